using WwanProto.Core.At;
using WwanProto.Core.Modem;
using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Session;

/// <summary>
/// Waits for packet-domain registration (huawei-modems.md §2.5, §7.4): +CxREG=2 URCs wake it, polls of
/// +CEREG?/+CGREG?/+CREG? cover modems that stay quiet. Data needs PS, so +CEREG/+CGREG decide; +CREG
/// only when the modem supports neither. Bounded by the `timeout` option.
/// </summary>
public sealed class RegistrationStep(IAtChannel at, bool allowRoaming, bool manualPlmn, SessionTuning tuning, Action<string> log)
{
    /// <summary>Polls of "not registered, not searching" (stat 0) before automatic selection is asked for.</summary>
    private const int IdlePollsBeforeKick = 3;

    private readonly SemaphoreSlim _wake = new(0);
    private readonly int?[] _stat = new int?[3];
    private readonly bool[] _unsupported = new bool[3];
    private readonly object _gate = new();

    /// <summary>True when registered on a roaming network.</summary>
    public async Task<bool> RunAsync(TimeSpan bound, CancellationToken ct)
    {
        at.Urc += OnUrc;
        try
        {
            await NetworkRegistration.EnableUrcsAsync(at, tuning.CommandTimeout, ct).ConfigureAwait(false);
            var deadline = DateTime.UtcNow + bound;
            var logged = "";
            var idlePolls = 0;
            var kicked = false;
            while (true)
            {
                foreach (var kind in new[] { RegistrationDomain.Eps, RegistrationDomain.Gprs, RegistrationDomain.Cs })
                {
                    if (_unsupported[(int)kind]) continue;
                    var stat = await NetworkRegistration.QueryAsync(at, kind, tuning.CommandTimeout, ct).ConfigureAwait(false);
                    lock (_gate)
                    {
                        if (stat is null) _unsupported[(int)kind] = true;
                        else _stat[(int)kind] = stat;
                    }
                }
                var (verdict, text) = Evaluate();
                if (text != logged) { log($"registration: {text}"); logged = text; }
                switch (verdict)
                {
                    case 1: return false;
                    case 5 when allowRoaming: return true;
                    case 5: throw ModemErrors.Fail(ErrorCodes.RoamingNotAllowed, $"the modem registered on a roaming network ({text}) and allow_roaming is 0");
                    case 3: throw ModemErrors.Fail(ErrorCodes.RegistrationDenied, $"the network denied registration ({text}); check the SIM's subscription and the mode/plmn options");
                }
                // Stat 0 means the modem is not even searching: left deregistered (+COPS=2) by another program
                // (ModemManager, a user's minicom) or it missed its start. Ask once for automatic selection.
                idlePolls = verdict == 0 && text.Length > 0 && AllIdle() ? idlePolls + 1 : 0;
                if (idlePolls >= IdlePollsBeforeKick && !kicked && !manualPlmn)
                {
                    kicked = true;
                    var cops = await at.SendAsync("AT+COPS=0", tuning.CommandTimeout, ct).ConfigureAwait(false);
                    log($"registration: the modem was not searching; {cops.Describe()}");
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw ModemErrors.Fail(ErrorCodes.NetworkRegistrationFailed, $"not registered within {bound.TotalSeconds:0} s ({text})");
                await _wake.WaitAsync(left < tuning.PollInterval ? left : tuning.PollInterval, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            at.Urc -= OnUrc;
        }
    }

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
                .Select(k => $"{NetworkRegistration.PrefixOf(k)} {_stat[(int)k]} {NetworkRegistration.Describe(_stat[(int)k]!.Value)}"));
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

    private void OnUrc(string line)
    {
        if (NetworkRegistration.ParseUrc(line) is not { } urc) return;
        lock (_gate) _stat[(int)urc.Domain] = urc.Stat;
        _wake.Release();
    }
}
