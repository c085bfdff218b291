using System.Net;
using WwanProto.Core.Control;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Session;
using WwanProto.Core.Standalone;
using WwanProto.Core.Usb;

namespace WwanProto.Core.HiLink;

/// <summary>
/// The control plane of a HiLink stick: its web API. Identity from /api/device/information, SIM state and PIN
/// through /api/pin (the session's PIN guard decides; SimPinTimes gives the counter), registration and
/// operator/RAT/signal from /api/monitoring/status, /api/net/current-plmn and /api/device/signal, `mode` through
/// /api/net/net-mode and `plmn` through /api/net/register where the firmware has them (without them, error 100002,
/// the stick keeps its own choice and the log says so). The stick's own router does the dialling and NAT.
/// <see cref="Closed"/> completes when the stick leaves USB (or re-enumerates: after a reboot it is in storage mode).
/// </summary>
public sealed class HiLinkModemControl : IModemControl
{
    private readonly HiLinkLan _lan;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _life = new();
    private readonly Action<string> _log;
    private readonly HiLinkSettings _settings;
    private readonly Func<IPAddress, HiLinkApi> _makeApi;
    private HiLinkApi? _api;

    public HiLinkModemControl(HiLinkLan lan, HiLinkSettings settings, Func<IPAddress, HiLinkApi> makeApi, Task<bool>? gone, Action<string> log)
    {
        _lan = lan;
        _settings = settings;
        _makeApi = makeApi;
        _log = log;
        gone?.ContinueWith(t => { if (t.Result) _closed.TrySetResult(); }, TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    /// <summary>
    /// The opener <see cref="ControlPlanes.HiLink"/> takes: the stick's netdev, its LAN, its API. <paramref name="ip"/> and
    /// <paramref name="sockets"/>: where `ip` runs and sockets are made (tests: the namespace holding the stick's netdev).
    /// </summary>
    public static ControlPlaneOpener Opener(HiLinkSettings settings, IpCommand? ip = null, Func<System.Net.Sockets.Socket>? sockets = null) => (context, ct) =>
    {
        var dev = context.Ports.NetDev
            ?? throw new SessionException(new SessionError(ErrorCodes.NoIface, $"{context.Device.Describe()} is a HiLink stick without its network device (cdc_ether)"));
        var lan = new HiLinkLan(dev, context.Paths.StateDir, ip ?? new IpCommand(), context.Log);
        var life = new CancellationTokenSource();
        var control = new HiLinkModemControl(lan, settings,
            router => new HiLinkApi(new HiLinkClient(new HiLinkHttp(new IPEndPoint(router, 80), TimeSpan.FromSeconds(10), sockets), settings.Login, context.Log)),
            UsbPresence.GoneAsync(context.Paths, context.Device.Name, TimeSpan.FromSeconds(1), life.Token), context.Log);
        return Task.FromResult(new OpenedControl(control, null, new Disposer(life)));
    };

    public string Kind => "hilink";
    public string Name => $"http://{_lan.Router}";
    public ControlFeatures Features => ControlFeatures.Sim | ControlFeatures.Registration | ControlFeatures.NetworkInfo | ControlFeatures.RadioMode;
    public Task Closed => _closed.Task;
    public HiLinkSettings Settings => _settings;

    /// <summary>The API, once <see cref="PrepareAsync"/> found the way to it.</summary>
    public HiLinkApi Api => _api ?? throw new InvalidOperationException("the HiLink control plane is not prepared");

    /// <summary>The API once prepared, else null (messaging asks before the session may have reached the stick).</summary>
    public HiLinkApi? PreparedApi => _api;

    public event Action<RegistrationReading>? RegistrationChanged { add { } remove { } }

    /// <summary>Gets the stick's LAN addressed and waits (bounded) until its web server answers: it boots for a few seconds after the switch.</summary>
    public async Task PrepareAsync(TimeSpan bootWait, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + bootWait + TimeSpan.FromSeconds(20);
        await _lan.EnsureAsync(bootWait + TimeSpan.FromSeconds(20), ct).ConfigureAwait(false);
        _api = _makeApi(_lan.Router);
        while (true)
        {
            try
            {
                await _api.PinStatusAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (HiLinkException e) when (e.Code is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
            }
            catch (HiLinkException e)
            {
                throw Fail(ErrorCodes.NoControlPort, $"the stick's web API at {Name} did not answer: {e.Message}", fatal: e.Code is HiLinkErrors.WrongUsernameOrPassword or HiLinkErrors.WrongPassword or HiLinkErrors.WrongUsername);
            }
        }
    }

    public Task ClearStaleStateAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

    public async Task<IdentityReading> ReadIdentityAsync(TimeSpan timeout, CancellationToken ct)
    {
        var info = await Call(api => api.DeviceInformationAsync(ct), "reading the device information").ConfigureAwait(false);
        return new IdentityReading("Huawei", info.DeviceName, info.SoftwareVersion, info.Imei,
            $"GET /api/device/information answered DeviceName {info.DeviceName ?? "-"}, SoftwareVersion {info.SoftwareVersion ?? "-"}");
    }

    public async Task<string?> ReadIccidAsync(TimeSpan timeout, CancellationToken ct) =>
        (await Call(api => api.DeviceInformationAsync(ct), "reading the ICCID").ConfigureAwait(false)).Iccid;

    public async Task<string?> ReadImsiAsync(TimeSpan timeout, CancellationToken ct) =>
        (await Call(api => api.DeviceInformationAsync(ct), "reading the IMSI").ConfigureAwait(false)).Imsi;

    public async Task<SimStatus> QuerySimAsync(TimeSpan timeout, CancellationToken ct)
    {
        var pin = await Call(api => api.PinStatusAsync(ct), "reading the SIM state").ConfigureAwait(false);
        var state = pin.SimState switch
        {
            HiLinkPinStatus.Ready or HiLinkPinStatus.PinDisabled => SimLock.Ready,
            HiLinkPinStatus.PinRequired => SimLock.PinRequired,
            HiLinkPinStatus.PukRequired => SimLock.PukRequired,
            HiLinkPinStatus.NoSim => SimLock.Absent,
            HiLinkPinStatus.PinChecking => SimLock.Busy,
            _ => SimLock.Failure,
        };
        return new SimStatus(state, $"GET /api/pin/status answered SimState {pin.SimState}");
    }

    public async Task<PinAttempts> ReadPinAttemptsAsync(TimeSpan timeout, CancellationToken ct)
    {
        var pin = await Call(api => api.PinStatusAsync(ct), "reading the PIN counter").ConfigureAwait(false);
        return new PinAttempts(pin.SimPinTimes, $"GET /api/pin/status answered SimPinTimes {pin.SimPinTimes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}");
    }

    public async Task<PinEntry> EnterPinAsync(string pin, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await Api.VerifyPinAsync(pin, ct).ConfigureAwait(false);
            return new PinEntry(PinOutcome.Accepted, "POST /api/pin/operate (CurrentPin ****) answered OK");
        }
        catch (HiLinkException e) when (e.Code is not null)
        {
            return new PinEntry(PinOutcome.Rejected, $"POST /api/pin/operate (CurrentPin ****) answered error {HiLinkErrors.Describe(e.Code.Value)}");
        }
        catch (HiLinkException e)
        {
            return new PinEntry(PinOutcome.NoAnswer, $"POST /api/pin/operate (CurrentPin ****): {e.Message}");
        }
    }

    /// <summary>`mode` as the WebUI's NetworkMode: "00" auto, "01" 2G, "02" 3G, "03" 4G, "0201" 3G then 2G, "030201" 4G, 3G, 2G.</summary>
    public static string NetworkMode(string mode) => mode switch
    {
        "gsm" => "01",
        "umts" => "02",
        "lte" => "03",
        "preferumts" => "0201",
        "preferlte" => "030201",
        _ => "00",
    };

    public async Task<string> ApplyRadioModeAsync(string mode, bool allowRoaming, TimeSpan timeout, CancellationToken ct)
    {
        var want = NetworkMode(mode);
        try
        {
            var current = await Api.NetModeAsync(ct).ConfigureAwait(false);
            if (current.NetworkMode == want) return $"hilink: mode {mode} already set (NetworkMode {want})";
            await Api.SetNetModeAsync(want, current, ct).ConfigureAwait(false);
            return $"hilink: mode {mode} set (NetworkMode {want}, was {current.NetworkMode ?? "-"})";
        }
        catch (HiLinkException e) when (e.Code == HiLinkErrors.NotSupported)
        {
            return $"hilink: mode {mode} not applied: the stick's firmware has no /api/net/net-mode ({e.Message}); its own setting stands";
        }
        catch (HiLinkException e)
        {
            throw Fail(ErrorCodes.SetModeFailed, $"setting mode {mode} (NetworkMode {want}) through /api/net/net-mode at {Name}: {e.Message}");
        }
    }

    /// <summary>Manual operator selection through /api/net/register (Mode 1), on the radio the stick is on; a refusal is PLMN_FAILED.</summary>
    public async Task SelectPlmnAsync(string plmn, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            var rat = (await Api.CurrentPlmnAsync(ct).ConfigureAwait(false)).Rat?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            await Api.RegisterManualAsync(plmn, rat, ct).ConfigureAwait(false);
            _log($"hilink: operator {plmn} selected manually (/api/net/register)");
        }
        catch (HiLinkException e) when (e.Code == HiLinkErrors.NotSupported)
        {
            _log($"hilink: plmn {plmn} not applied: the stick's firmware has no /api/net/register ({e.Message}); it selects its operator itself");
        }
        catch (HiLinkException e)
        {
            throw Fail(ErrorCodes.PlmnFailed, $"selecting operator {plmn} through /api/net/register at {Name}: {e.Message}");
        }
    }

    public Task EnableRegistrationEventsAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The stick reports service, not 3GPP domains: EPS carries ServiceStatus (2 = service) and RoamingStatus; the others are not reported.</summary>
    public async Task<RegistrationReading> QueryRegistrationAsync(RegistrationDomain domain, TimeSpan timeout, CancellationToken ct)
    {
        if (domain != RegistrationDomain.Eps)
            return new RegistrationReading(domain, RegistrationAnswer.Unsupported, null, "ServiceStatus", "the web API reports one service state");
        var r = await Call(api => api.Client.GetAsync("/api/monitoring/status", ct), "reading the service state").ConfigureAwait(false);
        var service = r.Int("ServiceStatus");
        var stat = service == 2 ? (r.Int("RoamingStatus") == 1 ? 5 : 1) : 2;
        return new RegistrationReading(domain, service is null ? RegistrationAnswer.NoStatus : RegistrationAnswer.Known, service is null ? null : stat,
            "ServiceStatus", $"ServiceStatus {service?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, RoamingStatus {r.Value("RoamingStatus") ?? "-"}");
    }

    public Task<string> RequestAutomaticSelectionAsync(TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult("hilink: the stick selects its operator itself");

    public async Task<NetworkReading> ReadNetworkAsync(TimeSpan timeout, CancellationToken ct)
    {
        var status = await Call(api => api.StatusAsync(ct), "reading the status").ConfigureAwait(false);
        var plmn = await Call(api => api.CurrentPlmnAsync(ct), "reading the operator").ConfigureAwait(false);
        HiLinkSignal? signal = null;
        try { signal = await Api.SignalAsync(ct).ConfigureAwait(false); }
        catch (HiLinkException) { } // some firmwares lock device/signal behind the login; the rest of the status still counts
        return new NetworkReading(plmn.FullName ?? plmn.ShortName ?? plmn.Numeric, HiLinkApi.RatName(status.CurrentNetworkType), Dbm(signal?.Rssi));
    }

    public Task EnterLowPowerAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

    /// <summary>"-69dBm" -> -69.</summary>
    public static int? Dbm(string? text)
    {
        if (text is null) return null;
        var digits = new string(text.TakeWhile(c => c == '-' || char.IsAsciiDigit(c)).ToArray());
        return int.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>An API call; its failure as a session error that names what was asked and what the stick answered.</summary>
    private async Task<T> Call<T>(Func<HiLinkApi, Task<T>> call, string what)
    {
        try { return await call(Api).ConfigureAwait(false); }
        catch (HiLinkException e)
        {
            throw Fail(e.Code is null ? ErrorCodes.ModemGone : ErrorCodes.GetInfoFailed, $"{what} through the web API at {Name}: {e.Message}");
        }
    }

    private static SessionException Fail(string code, string message, bool fatal = false) => new(new SessionError(code, message, fatal));

    public async ValueTask DisposeAsync()
    {
        await _life.CancelAsync().ConfigureAwait(false);
        _closed.TrySetResult();
        _life.Dispose();
    }

    private sealed class Disposer(CancellationTokenSource life) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await life.CancelAsync().ConfigureAwait(false);
            life.Dispose();
        }
    }
}
