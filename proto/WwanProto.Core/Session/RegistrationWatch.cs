using System.Diagnostics;
using WwanProto.Core.At;
using WwanProto.Core.Control;
using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Session;

/// <summary>
/// Registration while connected (issue 3, "Supervision": registration lost). Some modems keep reporting
/// the data call up while unregistered, so ^NDISSTAT and ^NDISSTATQRY? never show the dead data path.
/// The control plane's registration events (AT: +CxREG URCs, enabled by <see cref="RegistrationStep"/>) wake it; one query of the deciding kind
/// every <see cref="SessionTuning.SupervisionInterval"/> covers modems that stay quiet. A loss that lasts
/// <see cref="SessionTuning.RegistrationGrace"/> (confirmed by querying every kind) completes <see cref="Lost"/>;
/// one that ends sooner (handover, cell reselection) is only logged.
/// Like <see cref="RegistrationStep"/>: packet-domain kinds (EPS, GPRS) decide, CS only without them;
/// registered = stat 1, or 5 when roaming is allowed.
/// </summary>
public sealed class RegistrationWatch : IAsyncDisposable
{
    private static readonly RegistrationDomain[] Order = [RegistrationDomain.Eps, RegistrationDomain.Gprs, RegistrationDomain.Cs];

    private readonly IModemControl _control;
    private readonly bool _allowRoaming;
    private readonly SessionTuning _tuning;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop;
    private readonly object _gate = new();
    private readonly (int Stat, string Said)?[] _known = new (int, string)?[3];
    private readonly bool[] _unsupported = new bool[3];
    private readonly int[] _urcs = new int[3];
    private readonly Task _loop;

    // Monotonic: a router without an RTC steps its wall clock when NTP syncs, which must not stretch a wait.
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private RegistrationWatch(IModemControl control, bool allowRoaming, SessionTuning tuning, Action<string> log, CancellationToken stop)
    {
        _control = control;
        _allowRoaming = allowRoaming;
        _tuning = tuning;
        _log = log;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _control.RegistrationChanged += OnChange;
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Starts watching <paramref name="control"/>; dispose to stop.</summary>
    public static RegistrationWatch Start(IModemControl control, bool allowRoaming, SessionTuning tuning, Action<string> log, CancellationToken stop) =>
        new(control, allowRoaming, tuning, log, stop);

    /// <summary>Completes with the reason ("registration lost: +CEREG: 2 (searching) for 15 s") when the loss outlasted the grace period.</summary>
    public Task<string> Lost => _lost.Task;

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            await QueryAsync(Order, ct).ConfigureAwait(false);
            var nextPoll = _clock.Elapsed + _tuning.SupervisionInterval;
            TimeSpan? since = null;
            while (true)
            {
                var (registered, said) = Evaluate();
                var now = _clock.Elapsed;
                if (!registered && since is null)
                {
                    since = now;
                    _log($"registration: {said}; the link is kept for up to {_tuning.RegistrationGrace.TotalSeconds:0.#} s in case it comes back");
                }
                else if (registered && since is { } from)
                {
                    _log($"registration: back after {(now - from).TotalSeconds:0.0} s ({said})");
                    since = null;
                }
                if (since is { } start && now - start >= _tuning.RegistrationGrace)
                {
                    // The URCs or one kind's answer may be stale (a handover to another RAT registers another kind): ask all.
                    await QueryAsync(Order, ct).ConfigureAwait(false);
                    (registered, said) = Evaluate();
                    if (!registered)
                    {
                        _lost.TrySetResult($"registration lost: {said} for {(_clock.Elapsed - start).TotalSeconds:0} s");
                        return;
                    }
                    continue;
                }
                var wait = nextPoll - now;
                if (since is { } pending && pending + _tuning.RegistrationGrace - now < wait) wait = pending + _tuning.RegistrationGrace - now;
                if (wait > TimeSpan.Zero) await _wake.WaitAsync(wait, ct).ConfigureAwait(false);
                if (_clock.Elapsed >= nextPoll)
                {
                    await QueryAsync([Deciding()], ct).ConfigureAwait(false);
                    nextPoll = _clock.Elapsed + _tuning.SupervisionInterval;
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (PortGoneException) { } // the session sees the port's Closed task
        catch (ObjectDisposedException)
        {
            // The control port was released (a single-port phone hands it to pppd): nothing left to ask.
            _log($"registration: {_control.Name} was released; registration is not watched while the data session holds the port");
        }
    }

    /// <summary>Asks the kinds not known to be unsupported; "unsupported" (AT: ERROR) marks a kind so, no answer leaves what was known.</summary>
    private async Task QueryAsync(RegistrationDomain[] kinds, CancellationToken ct)
    {
        foreach (var kind in kinds)
        {
            if (_unsupported[(int)kind]) continue;
            int urcsBefore;
            lock (_gate) urcsBefore = _urcs[(int)kind];
            var reading = await _control.QueryRegistrationAsync(kind, _tuning.CommandTimeout, ct).ConfigureAwait(false);
            if (reading.Answer == RegistrationAnswer.Unsupported) _unsupported[(int)kind] = true;
            if (reading is not { Answer: RegistrationAnswer.Known, Stat: { } stat }) continue;
            lock (_gate)
            {
                // A change of this kind that came in while the query was out is at least as new as the answer:
                // the firmware may have printed a URC ahead of an answer it had already composed.
                if (_urcs[(int)kind] == urcsBefore) _known[(int)kind] = (stat, reading.Said ?? $"{reading.Label} {stat}");
            }
        }
    }

    /// <summary>
    /// The kind to poll: the one the "registered" verdict rests on (the RAT in use), so a stale value there (a
    /// missed URC) is what gets corrected; else the first kind the modem supports.
    /// </summary>
    private RegistrationDomain Deciding()
    {
        lock (_gate)
        {
            foreach (var kind in Order)
                if (!_unsupported[(int)kind] && _known[(int)kind] is { } k && Acceptable(k.Stat)) return kind;
        }
        foreach (var kind in Order)
            if (!_unsupported[(int)kind]) return kind;
        return RegistrationDomain.Cs;
    }

    /// <summary>Registered or not, and what the modem said that shows it. Nothing known yet counts as registered: no loss without evidence.</summary>
    private (bool Registered, string Said) Evaluate()
    {
        lock (_gate)
        {
            var deciding = new List<(int Stat, string Said)>();
            foreach (var kind in new[] { RegistrationDomain.Eps, RegistrationDomain.Gprs })
                if (_known[(int)kind] is { } k) deciding.Add(k);
            if (deciding.Count == 0 && _known[(int)RegistrationDomain.Cs] is { } cs) deciding.Add(cs);
            if (deciding.Count == 0) return (true, "no registration status yet");
            var text = string.Join(", ", deciding.Select(d => $"{d.Said} ({RegistrationReading.Describe(d.Stat)})"));
            if (deciding.Any(d => Acceptable(d.Stat))) return (true, text);
            if (deciding.FirstOrDefault(d => d.Stat == 5) is { Said: not null } roaming)
                return (false, $"the modem moved to a roaming network ({roaming.Said}) and allow_roaming is 0");
            return (false, text);
        }
    }

    private bool Acceptable(int stat) => stat == 1 || (stat == 5 && _allowRoaming);

    private void OnChange(RegistrationReading change)
    {
        if (change is not { Answer: RegistrationAnswer.Known, Stat: { } stat }) return;
        lock (_gate)
        {
            _known[(int)change.Domain] = (stat, change.Said ?? $"{change.Label} {stat}");
            _urcs[(int)change.Domain]++;
        }
        _wake.Release();
    }

    public async ValueTask DisposeAsync()
    {
        _control.RegistrationChanged -= OnChange;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
