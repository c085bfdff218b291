namespace WwanProto.Core.HiLink;

/// <summary>/api/device/information (what status shows; the rest of the answer is not kept).</summary>
public sealed record HiLinkDeviceInfo(string? DeviceName, string? Imei, string? Imsi, string? Iccid, string? SerialNumber,
    string? HardwareVersion, string? SoftwareVersion, string? Msisdn);

/// <summary>
/// /api/pin/status. SimState: 255 no SIM, 256 SIM error, 257 ready, 258 PIN disabled, 259 PIN being checked,
/// 260 PIN required, 261 PUK required. SimPinTimes / SimPukTimes: attempts left (null when not reported).
/// </summary>
public sealed record HiLinkPinStatus(int SimState, int? PinOptState, int? SimPinTimes, int? SimPukTimes)
{
    public const int NoSim = 255, SimError = 256, Ready = 257, PinDisabled = 258, PinChecking = 259, PinRequired = 260, PukRequired = 261;
    public bool IsReady => SimState is Ready or PinDisabled;
}

/// <summary>
/// /api/monitoring/status. ConnectionStatus: 900 connecting, 901 connected, 902 disconnected, 903 disconnecting
/// (other numbers are failure reasons). CurrentNetworkType: see <see cref="HiLinkApi.RatName"/>.
/// </summary>
public sealed record HiLinkMonitoringStatus(int? ConnectionStatus, int? CurrentNetworkType, int? SignalIcon, int? SimStatus,
    int? ServiceStatus, string? WanIpAddress, string? PrimaryDns, string? SecondaryDns)
{
    public const int Connecting = 900, Connected = 901, Disconnected = 902, Disconnecting = 903;
}

/// <summary>/api/net/current-plmn: the operator. Numeric is MCC+MNC; Rat 0 GSM, 2 UMTS, 7 LTE (3GPP AcT).</summary>
/// <summary>/api/net/net-mode: NetworkMode ("00" auto, "01" 2G, "02" 3G, "03" 4G, "0201" 3G before 2G ...) and the band masks (hex).</summary>
public sealed record HiLinkNetMode(string? NetworkMode, string? NetworkBand, string? LteBand);

public sealed record HiLinkPlmn(int? State, string? FullName, string? ShortName, string? Numeric, int? Rat);

/// <summary>/api/device/signal as the firmware prints it ("-69dBm", "10dB"): kept as text.</summary>
public sealed record HiLinkSignal(string? Rssi, string? Rsrp, string? Rsrq, string? Sinr, string? Rscp, string? Ecio, int? Mode);

/// <summary>One dial-up profile of /api/dialup/profiles.</summary>
public sealed record HiLinkProfile(int Index, string? Name, string? ApnName, bool ReadOnly);
