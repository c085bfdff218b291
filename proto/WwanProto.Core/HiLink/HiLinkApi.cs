namespace WwanProto.Core.HiLink;

/// <summary>
/// The web API calls the handler uses, typed. Paths and element names as the stick's WebUI uses them.
/// A wrong PIN is never retried here: the caller's PIN guard decides whether a PIN may be sent at all.
/// </summary>
public sealed class HiLinkApi(HiLinkClient client)
{
    /// <summary>The name our own dial-up profile gets when the configured APN is not among the stick's profiles.</summary>
    public const string OwnProfileName = "huaweiwwan";

    public HiLinkClient Client { get; } = client;

    public async Task<HiLinkDeviceInfo> DeviceInformationAsync(CancellationToken ct)
    {
        var r = await Client.GetAsync("/api/device/information", ct).ConfigureAwait(false);
        return new(r.Value("DeviceName"), r.Value("Imei"), r.Value("Imsi"), r.Value("Iccid"), r.Value("SerialNumber"),
            r.Value("HardwareVersion"), r.Value("SoftwareVersion"), r.Value("Msisdn"));
    }

    public async Task<HiLinkPinStatus> PinStatusAsync(CancellationToken ct)
    {
        var r = await Client.GetAsync("/api/pin/status", ct).ConfigureAwait(false);
        return new(r.Int("SimState") ?? throw new HiLinkException("GET /api/pin/status answered without <SimState>"),
            r.Int("PinOptState"), r.Int("SimPinTimes"), r.Int("SimPukTimes"));
    }

    /// <summary>OperateType 0: verify the PIN. Throws <see cref="HiLinkException"/> (103002) when the SIM rejects it.</summary>
    public Task VerifyPinAsync(string pin, CancellationToken ct) =>
        Client.PostOkAsync("/api/pin/operate", new XmlRequest().Add("OperateType", 0).Add("CurrentPin", pin).Add("NewPin", "").Add("PukCode", ""), ct);

    public async Task<bool> DataSwitchAsync(CancellationToken ct)
    {
        var r = await Client.GetAsync("/api/dialup/mobile-dataswitch", ct).ConfigureAwait(false);
        return r.Int("dataswitch") == 1;
    }

    public Task SetDataSwitchAsync(bool on, CancellationToken ct) =>
        Client.PostOkAsync("/api/dialup/mobile-dataswitch", new XmlRequest().Add("dataswitch", on ? 1 : 0), ct);

    public async Task<HiLinkMonitoringStatus> StatusAsync(CancellationToken ct)
    {
        var r = await Client.GetAsync("/api/monitoring/status", ct).ConfigureAwait(false);
        return new(r.Int("ConnectionStatus"), r.Int("CurrentNetworkTypeEx") ?? r.Int("CurrentNetworkType"), r.Int("SignalIcon"),
            r.Int("SimStatus"), r.Int("ServiceStatus"), r.Value("WanIPAddress"), r.Value("PrimaryDns"), r.Value("SecondaryDns"));
    }

    public async Task<HiLinkPlmn> CurrentPlmnAsync(CancellationToken ct)
    {
        var r = await Client.GetAsync("/api/net/current-plmn", ct).ConfigureAwait(false);
        return new(r.Int("State"), r.Value("FullName"), r.Value("ShortName"), r.Value("Numeric"), r.Int("Rat"));
    }

    public async Task<HiLinkNetMode> NetModeAsync(CancellationToken ct)
    {
        var r = await Client.GetAsync("/api/net/net-mode", ct).ConfigureAwait(false);
        return new(r.Value("NetworkMode"), r.Value("NetworkBand"), r.Value("LTEBand"));
    }

    /// <summary>The network mode, with the band masks the stick reported (they are sent back unchanged).</summary>
    public Task SetNetModeAsync(string networkMode, HiLinkNetMode current, CancellationToken ct) =>
        Client.PostOkAsync("/api/net/net-mode", new XmlRequest().Add("NetworkMode", networkMode)
            .Add("NetworkBand", current.NetworkBand ?? "3FFFFFFF").Add("LTEBand", current.LteBand ?? "7FFFFFFFFFFFFFFF"), ct);

    /// <summary>Manual network selection (Mode 1) of <paramref name="plmn"/> on radio <paramref name="rat"/> ("0" 2G, "2" 3G, "7" 4G, "" any).</summary>
    public Task RegisterManualAsync(string plmn, string rat, CancellationToken ct) =>
        Client.PostOkAsync("/api/net/register", new XmlRequest().Add("Mode", 1).Add("Plmn", plmn).Add("Rat", rat), ct);

    public async Task<HiLinkSignal> SignalAsync(CancellationToken ct)
    {
        var r = await Client.GetAsync("/api/device/signal", ct).ConfigureAwait(false);
        return new(r.Value("rssi"), r.Value("rsrp"), r.Value("rsrq"), r.Value("sinr"), r.Value("rscp"), r.Value("ecio"), r.Int("mode"));
    }

    /// <summary>Control 1: reboot. The stick drops off USB and comes back in storage mode (1f01), to be switched again.</summary>
    public Task RebootAsync(CancellationToken ct) =>
        Client.PostOkAsync("/api/device/control", new XmlRequest().Add("Control", 1), ct);

    public async Task<(int? Current, IReadOnlyList<HiLinkProfile> Profiles)> ProfilesAsync(CancellationToken ct)
    {
        var r = await Client.GetAsync("/api/dialup/profiles", ct).ConfigureAwait(false);
        var list = new List<HiLinkProfile>();
        foreach (var p in r.Child("Profiles")?.Children ?? [])
            if (p.Name == "Profile" && p.Int("Index") is { } index)
                list.Add(new(index, p.Value("Name"), p.Value("ApnName"), p.Int("ReadOnly") is 1 or 2));
        return (r.Int("CurrentProfile"), list);
    }

    /// <summary>
    /// Makes <paramref name="apn"/> the APN of the default dial-up profile: nothing when it already is; else the
    /// first profile with that APN becomes the default; else our own profile (<see cref="OwnProfileName"/>) is
    /// edited, or added, with the APN and made the default. Returns what was done, for the log.
    /// </summary>
    public async Task<string> EnsureApnAsync(string apn, string? username, string? password, int authMode, CancellationToken ct)
    {
        var (current, profiles) = await ProfilesAsync(ct).ConfigureAwait(false);
        if (profiles.FirstOrDefault(p => p.Index == current) is { } active && SameApn(active.ApnName, apn) && username is null)
            return $"profile {active.Index} already has APN {apn}";
        if (username is null && profiles.FirstOrDefault(p => SameApn(p.ApnName, apn)) is { } match)
        {
            await Client.PostOkAsync("/api/dialup/profiles", new XmlRequest().Add("Delete", 0).Add("SetDefault", match.Index).Add("Modify", 0), ct).ConfigureAwait(false);
            return $"made profile {match.Index} ({match.Name}) with APN {apn} the default";
        }
        var own = profiles.FirstOrDefault(p => p.Name == OwnProfileName && !p.ReadOnly);
        var body = new XmlRequest().Add("Delete", 0).Add("SetDefault", own?.Index ?? 0).Add("Modify", own is null ? 1 : 2)
            .Open("Profile")
            .Add("Index", own is null ? "" : own.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("IsValid", 1).Add("Name", OwnProfileName).Add("ApnIsStatic", 1).Add("ApnName", apn).Add("DialupNum", "*99#")
            .Add("Username", username ?? "").Add("Password", password ?? "").Add("AuthMode", authMode)
            .Add("IpIsStatic", "").Add("IpAddress", "").Add("DnsIsStatic", "").Add("PrimaryDns", "").Add("SecondaryDns", "")
            .Add("ReadOnly", 0).Add("iptype", 2)
            .Close();
        await Client.PostOkAsync("/api/dialup/profiles", body, ct).ConfigureAwait(false);
        if (own is not null) return $"set APN {apn} in profile {own.Index} ({OwnProfileName})";
        // A new profile gets the next free index; make it the default.
        var (_, after) = await ProfilesAsync(ct).ConfigureAwait(false);
        var added = after.LastOrDefault(p => p.Name == OwnProfileName)
            ?? throw new HiLinkException($"POST /api/dialup/profiles answered OK but no profile {OwnProfileName} appeared");
        await Client.PostOkAsync("/api/dialup/profiles", new XmlRequest().Add("Delete", 0).Add("SetDefault", added.Index).Add("Modify", 0), ct).ConfigureAwait(false);
        return $"added profile {added.Index} ({OwnProfileName}) with APN {apn} as the default";
    }

    private static bool SameApn(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>CurrentNetworkType(Ex) as a RAT name like the AT path reports ("LTE", "WCDMA", "GSM").</summary>
    public static string? RatName(int? type) => type switch
    {
        null => null,
        0 => "NOSERVICE",
        1 or 2 or 3 => "GSM",
        4 or 5 or 6 or 7 or 9 or 10 or 11 or 12 or 13 or 14 or 15 or 16 or 17 or 18 => "WCDMA",
        8 => "TD-SCDMA",
        19 or 101 => "LTE",
        _ => $"type {type}",
    };
}
