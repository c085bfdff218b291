using WwanProto.Core.Links.Ethernet;
using WwanProto.Core.Session;

namespace WwanProto.Core.HiLink;

/// <summary>
/// A HiLink stick's own mobile call, driven through its web API. Start: the APN into the dial-up profiles when
/// `apn` is set, the data switch on when hilink_dataswitch asks, then ConnectionStatus 901 awaited (bounded by
/// `timeout`). Watch: ConnectionStatus every supervision interval; two misses in a row start the recovery
/// ladder: data switch off and on (the stick redials), and if the call still does not come back, a reboot
/// through /api/device/control (the stick returns in storage mode; the session switches it again and starts
/// over). With a reachability <paramref name="probe"/> (hilink_probe), a call reported up whose probe target does
/// not answer counts as a miss too, and the switch cycle only counts as a recovery once the target answers again.
/// End: the data switch off when hilink_dataswitch is set.
/// </summary>
public sealed class HiLinkCall(HiLinkApi api, HiLinkSettings settings, SessionTuning tuning, TimeSpan callBound, Action<string> log,
    ReachabilityProbe? probe = null) : IRouterCall
{
    /// <summary>How many times the ladder reached each rung (status, tests).</summary>
    public int SwitchCycles { get; private set; }
    public int Reboots { get; private set; }
    /// <summary>Probes that got no answer (status, tests).</summary>
    public int ProbeFailures { get; private set; }

    private string? _lastApiError;

    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            if (settings.Apn is { } apn)
                log("hilink: " + await api.EnsureApnAsync(apn, settings.ApnUser, settings.ApnPassword, settings.AuthMode, ct).ConfigureAwait(false));
            if (settings.DataSwitch && !await api.DataSwitchAsync(ct).ConfigureAwait(false))
            {
                log("hilink: turning the mobile data switch on");
                await api.SetDataSwitchAsync(true, ct).ConfigureAwait(false);
            }
        }
        catch (HiLinkException e)
        {
            throw new SessionException(new SessionError(ErrorCodes.ConfigureFailed, $"preparing the stick's call: {e.Message}"));
        }
        var last = await WaitConnectedAsync(callBound, ct).ConfigureAwait(false);
        if (last != HiLinkMonitoringStatus.Connected)
            throw new SessionException(new SessionError(ErrorCodes.ConnectFailed,
                $"the stick's call did not come up within {callBound.TotalSeconds:0} s (ConnectionStatus {Describe(last)}" +
                (_lastApiError is { } error ? $"; last answer: {error}" : "") +
                (settings.DataSwitch ? "" : "; its mobile data switch may be off: set hilink_dataswitch to let huaweiwwan turn it on") + ")"));
    }

    public async Task<string> WatchAsync(CancellationToken ct)
    {
        var misses = 0;
        var nextProbe = DateTime.UtcNow + (probe?.Interval ?? TimeSpan.Zero);
        while (true)
        {
            await Task.Delay(tuning.SupervisionInterval, ct).ConfigureAwait(false);
            int? status;
            try { status = (await api.StatusAsync(ct).ConfigureAwait(false)).ConnectionStatus; }
            catch (HiLinkException e) when (e.Code is null) { return $"the stick's web API stopped answering: {e.Message}"; }
            catch (HiLinkException) { continue; }
            string? unreachable = null;
            if (status == HiLinkMonitoringStatus.Connected && probe is not null && DateTime.UtcNow >= nextProbe)
            {
                unreachable = await probe.CheckAsync(ct).ConfigureAwait(false);
                // After a miss, probe again at the next tick: two misses in a row climb the ladder without waiting 2 intervals.
                nextProbe = DateTime.UtcNow + (unreachable is null ? probe.Interval : TimeSpan.Zero);
                if (unreachable is not null)
                {
                    ProbeFailures++;
                    log($"hilink: the stick reports its call up but the probe got no answer ({unreachable})");
                }
            }
            if (status == HiLinkMonitoringStatus.Connected && unreachable is null)
            {
                // A tick without a probe due keeps the count: only a probe answer or a call reported down changes it.
                if (probe is null || nextProbe > DateTime.UtcNow) misses = 0;
                continue;
            }
            if (++misses < 2) continue;
            log(unreachable is null
                ? $"hilink: the stick's call is down (ConnectionStatus {Describe(status)}); turning its data switch off and on"
                : $"hilink: the stick's call carries nothing (probe {probe!.Target}); turning its data switch off and on");
            SwitchCycles++;
            try
            {
                await api.SetDataSwitchAsync(false, ct).ConfigureAwait(false);
                await api.SetDataSwitchAsync(true, ct).ConfigureAwait(false);
                if (await WaitConnectedAsync(callBound, ct).ConfigureAwait(false) == HiLinkMonitoringStatus.Connected
                    && await WaitReachableAsync(callBound, ct).ConfigureAwait(false))
                {
                    nextProbe = DateTime.UtcNow + (probe?.Interval ?? TimeSpan.Zero);
                    log("hilink: the stick's call is back");
                    misses = 0;
                    continue;
                }
                log("hilink: the call did not come back; rebooting the stick (it returns in storage mode and is switched again)");
                Reboots++;
                await api.RebootAsync(ct).ConfigureAwait(false);
                return $"the stick's call stayed down (ConnectionStatus {Describe(status)}); the stick was rebooted";
            }
            catch (HiLinkException e)
            {
                return $"the stick's call is down (ConnectionStatus {Describe(status)}) and recovering it failed: {e.Message}";
            }
        }
    }

    public async Task EndAsync(CancellationToken ct)
    {
        if (!settings.DataSwitch) return;
        try
        {
            await api.SetDataSwitchAsync(false, ct).ConfigureAwait(false);
            log("hilink: mobile data switch turned off");
        }
        catch (HiLinkException e) { log($"hilink: turning the data switch off failed: {e.Message}"); }
    }

    /// <summary>With a probe: until its target answers, bounded; without one: true at once.</summary>
    private async Task<bool> WaitReachableAsync(TimeSpan bound, CancellationToken ct)
    {
        if (probe is null) return true;
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var unreachable = await probe.CheckAsync(ct).ConfigureAwait(false);
            if (unreachable is null) return true;
            if (DateTime.UtcNow >= deadline)
            {
                log($"hilink: the probe still gets no answer after the switch cycle ({unreachable})");
                return false;
            }
            await Task.Delay(tuning.PollInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task<int?> WaitConnectedAsync(TimeSpan bound, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + bound;
        int? last = null;
        while (true)
        {
            // A stick that stops answering (rebooting, unplugged) past the bound is the call not coming up, which the
            // session retries: never an exception out of the link.
            try { last = (await api.StatusAsync(ct).ConfigureAwait(false)).ConnectionStatus; _lastApiError = null; }
            catch (HiLinkException e) { _lastApiError = e.Message; }
            if (last == HiLinkMonitoringStatus.Connected || DateTime.UtcNow >= deadline) return last;
            await Task.Delay(tuning.PollInterval, ct).ConfigureAwait(false);
        }
    }

    private static string Describe(int? status) => status switch
    {
        null => "unknown",
        HiLinkMonitoringStatus.Connecting => "900 connecting",
        HiLinkMonitoringStatus.Connected => "901 connected",
        HiLinkMonitoringStatus.Disconnected => "902 disconnected",
        HiLinkMonitoringStatus.Disconnecting => "903 disconnecting",
        _ => status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
