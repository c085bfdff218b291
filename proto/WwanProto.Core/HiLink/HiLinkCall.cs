using WwanProto.Core.Links.Ethernet;
using WwanProto.Core.Session;

namespace WwanProto.Core.HiLink;

/// <summary>
/// A HiLink stick's own mobile call, driven through its web API. Start: the APN into the dial-up profiles when
/// `apn` is set, the data switch on when hilink_dataswitch asks, then ConnectionStatus 901 awaited (bounded by
/// `timeout`). Watch: ConnectionStatus every supervision interval; two misses in a row start the recovery
/// ladder: data switch off and on (the stick redials), and if the call still does not come back, a reboot
/// through /api/device/control (the stick returns in storage mode; the session switches it again and starts
/// over). End: the data switch off when hilink_dataswitch is set.
/// </summary>
public sealed class HiLinkCall(HiLinkApi api, HiLinkSettings settings, SessionTuning tuning, TimeSpan callBound, Action<string> log) : IRouterCall
{
    /// <summary>How many times the ladder reached each rung (status, tests).</summary>
    public int SwitchCycles { get; private set; }
    public int Reboots { get; private set; }

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
        while (true)
        {
            await Task.Delay(tuning.SupervisionInterval, ct).ConfigureAwait(false);
            int? status;
            try { status = (await api.StatusAsync(ct).ConfigureAwait(false)).ConnectionStatus; }
            catch (HiLinkException e) when (e.Code is null) { return $"the stick's web API stopped answering: {e.Message}"; }
            catch (HiLinkException) { continue; }
            if (status == HiLinkMonitoringStatus.Connected) { misses = 0; continue; }
            if (++misses < 2) continue;
            log($"hilink: the stick's call is down (ConnectionStatus {Describe(status)}); turning its data switch off and on");
            SwitchCycles++;
            try
            {
                await api.SetDataSwitchAsync(false, ct).ConfigureAwait(false);
                await api.SetDataSwitchAsync(true, ct).ConfigureAwait(false);
                if (await WaitConnectedAsync(callBound, ct).ConfigureAwait(false) == HiLinkMonitoringStatus.Connected)
                {
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
