using WwanProto.ModemSim.Ports;

namespace WwanProto.ModemSim.Engine;

/// <summary>
/// The network's side of registration, changed while running: coverage lost and back, a move onto a
/// roaming network, another registration outcome or NDIS reject cause for the next attempts. URCs follow
/// each port's +CREG/+CGREG/+CEREG n (§2.5) through <see cref="SetStat"/>.
/// </summary>
internal sealed partial class ModemEngine
{
    private (int Stat, bool DropCall)? _away;
    private string? _outcomeOverride;
    private int? _rejectOverride;

    /// <summary>What the next registration attempt ends in: "home", "roaming", "denied", "searching".</summary>
    public string RegistrationOutcome
    {
        get { lock (_gate) return _outcomeOverride ?? _options.Registration; }
        set
        {
            OutcomeStat(value);
            lock (_gate) _outcomeOverride = value;
        }
    }

    /// <summary>Non-zero: the SM cause the network rejects the next NDIS calls with.</summary>
    public int NdisRejectCause
    {
        get { lock (_gate) return _rejectOverride ?? _options.NdisRejectCause; }
        set { lock (_gate) _rejectOverride = value; }
    }

    private static int OutcomeStat(string outcome) => outcome switch
    {
        "home" => 1,
        "roaming" => 5,
        "denied" => 3,
        "searching" => 2,
        _ => throw new ArgumentException($"unknown registration outcome \"{outcome}\" (home, roaming, denied, searching)"),
    };

    /// <summary>
    /// The network goes away: stat becomes <paramref name="stat"/> (0, 2, 3 or 4) and stays there, through
    /// +COPS=0 and CFUN cycles, until <see cref="Reregister"/>. <paramref name="dropCall"/> false keeps the
    /// NDIS call "up" (^NDISSTATQRY 1, no ^NDISSTAT:0) and PPP in data mode, as some modems do; true ends
    /// them as Balong does (^NDISSTAT:0, NO CARRIER).
    /// </summary>
    public void Deregister(int stat, bool dropCall)
    {
        if (stat is not (0 or 2 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(stat), stat, "a not-registered stat: 0, 2, 3 or 4");
        lock (_gate)
        {
            _away = (stat, dropCall);
            _regGeneration++;
            if (Profile.IsStorage || _ports.Count == 0) return;
            SetStat(stat, dropCall);
            if (!dropCall) return;
            if (_ndis == NdisState.Connected && !_stale) NdisEnded(0);
            foreach (var p in _ports.Where(p => p.Mode != PortMode.Command).ToList())
                PppCallEnded(p, writeNoCarrier: true);
        }
    }

    /// <summary>
    /// The network is back: registered at once with <paramref name="stat"/> (1 home, 5 roaming), or with the
    /// current <see cref="RegistrationOutcome"/> when null. A call kept up through the loss stays up.
    /// </summary>
    public void Reregister(int? stat = null)
    {
        if (stat is not (null or 1 or 5)) throw new ArgumentOutOfRangeException(nameof(stat), stat, "a registered stat: 1 or 5");
        lock (_gate)
        {
            _away = null;
            _regGeneration++;
            if (!Card.IsReady(DateTime.UtcNow) || _cfun != 1 || Profile.IsStorage || _ports.Count == 0) return;
            SetStat(stat ?? OutcomeStat(RegistrationOutcome), dropCall: false);
        }
    }
}
