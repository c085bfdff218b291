using WwanProto.Core.Control;
using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Session;

/// <summary>
/// Waits for packet-domain registration (huawei-modems.md §2.5, §7.4): the control plane's registration events
/// (AT: +CxREG=2 URCs) wake it, polls of each domain cover modems that stay quiet. Data needs PS, so the EPS and
/// GPRS domains decide; CS only when the modem reports neither. Bounded by the `timeout` option.
/// </summary>
public sealed class RegistrationStep(IModemControl control, bool allowRoaming, bool manualPlmn, SessionTuning tuning, Action<string> log)
{
    /// <summary>Polls of "not registered, not searching" (stat 0) before automatic selection is asked for.</summary>
    private const int IdlePollsBeforeKick = 3;

    private readonly SemaphoreSlim _wake = new(0);
    private readonly int?[] _stat = new int?[3];
    private readonly bool[] _unsupported = new bool[3];
    private readonly string[] _labels = ["", "", ""];
    private readonly object _gate = new();

    /// <summary>True when registered on a roaming network.</summary>
    public async Task<bool> RunAsync(TimeSpan bound, CancellationToken ct)
    {
        control.RegistrationChanged += OnChange;
        try
        {
            await control.EnableRegistrationEventsAsync(tuning.CommandTimeout, ct).ConfigureAwait(false);
            var deadline = DateTime.UtcNow + bound;
            var logged = "";
            var idlePolls = 0;
            var kicked = false;
            while (true)
            {
                foreach (var kind in new[] { RegistrationDomain.Eps, RegistrationDomain.Gprs, RegistrationDomain.Cs })
                {
                    if (_unsupported[(int)kind]) continue;
                    var reading = await control.QueryRegistrationAsync(kind, tuning.CommandTimeout, ct).ConfigureAwait(false);
                    lock (_gate)
                    {
                        _labels[(int)kind] = reading.Label;
                        if (reading is { Answer: RegistrationAnswer.Known, Stat: { } stat }) _stat[(int)kind] = stat;
                        else _unsupported[(int)kind] = true;
                    }
                }
                var (verdict, text) = Evaluate();
                if (text != logged) { log($"registration: {text}"); logged = text; }
                switch (verdict)
                {
                    case 1: return false;
                    case 5 when allowRoaming: return true;
                    case 5: throw Fail(ErrorCodes.RoamingNotAllowed, $"the modem registered on a roaming network ({text}) and allow_roaming is 0");
                    case 3: throw Fail(ErrorCodes.RegistrationDenied, $"the network denied registration ({text}); check the SIM's subscription and the mode/plmn options");
                }
                // Stat 0 means the modem is not even searching: left deregistered (+COPS=2) by another program
                // (ModemManager, a user's minicom) or it missed its start. Ask once for automatic selection.
                idlePolls = verdict == 0 && text.Length > 0 && AllIdle() ? idlePolls + 1 : 0;
                if (idlePolls >= IdlePollsBeforeKick && !kicked && !manualPlmn)
                {
                    kicked = true;
                    var answer = await control.RequestAutomaticSelectionAsync(tuning.CommandTimeout, ct).ConfigureAwait(false);
                    log($"registration: the modem was not searching; {answer}");
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw Fail(ErrorCodes.NetworkRegistrationFailed, $"not registered within {bound.TotalSeconds:0} s ({text})");
                await _wake.WaitAsync(left < tuning.PollInterval ? left : tuning.PollInterval, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            control.RegistrationChanged -= OnChange;
        }
    }

    private static SessionException Fail(string code, string message) => new(new SessionError(code, message));

    /// <summary>1 home, 5 roaming, 3 denied, or 0 "keep waiting", with a summary of what the modem said.</summary>
    private (int Verdict, string Text) Evaluate()
    {
        lock (_gate)
        {
            var ps = new List<int>();
            foreach (var kind in new[] { RegistrationDomain.Eps, RegistrationDomain.Gprs })
                if (_stat[(int)kind] is { } s) ps.Add(s);
            var deciding = ps.Count > 0 ? ps : _stat[(int)RegistrationDomain.Cs] is { } cs ? [cs] : [];
            var text = string.Join(", ", new[] { RegistrationDomain.Eps, RegistrationDomain.Gprs, RegistrationDomain.Cs }
                .Where(k => _stat[(int)k] is not null)
                .Select(k => $"{_labels[(int)k]} {_stat[(int)k]} {RegistrationReading.Describe(_stat[(int)k]!.Value)}"));
            if (text.Length == 0) text = "no registration status yet";
            if (deciding.Contains(1)) return (1, text);
            if (deciding.Contains(5)) return (5, text);
            if (deciding.Count > 0 && deciding.All(s => s == 3)) return (3, text);
            return (0, text);
        }
    }

    private bool AllIdle()
    {
        lock (_gate)
        {
            var known = _stat.Where(s => s is not null).ToArray();
            return known.Length > 0 && known.All(s => s == 0);
        }
    }

    private void OnChange(RegistrationReading change)
    {
        if (change is not { Answer: RegistrationAnswer.Known, Stat: { } stat }) return;
        lock (_gate)
        {
            _stat[(int)change.Domain] = stat;
            _labels[(int)change.Domain] = change.Label;
        }
        _wake.Release();
    }
}
