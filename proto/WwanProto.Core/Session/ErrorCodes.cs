namespace WwanProto.Core.Session;

/// <summary>
/// Every error code the handler reports to netifd (action 3). Names follow OpenWrt's ncm/qmi/3g
/// handlers where the meaning is the same, so LuCI's existing translations apply. The LuCI form
/// registers each with its <see cref="Describe"/> text; a test keeps the two in step.
/// </summary>
public static class ErrorCodes
{
    public const string NoDevice = "NO_DEVICE";
    public const string AmbiguousDevice = "AMBIGUOUS_DEVICE";
    public const string NoIface = "NO_IFACE";
    public const string NoControlPort = "NO_CONTROL_PORT";
    public const string UnsupportedModem = "UNSUPPORTED_MODEM";
    public const string ModeSwitchFailed = "MODESWITCH_FAILED";
    public const string PortBusy = "PORT_BUSY";
    public const string InitializeFailed = "INITIALIZE_FAILED";
    public const string GetInfoFailed = "GETINFO_FAILED";
    public const string SimNotInserted = "SIM_NOT_INSERTED";
    public const string SimNotInitialized = "SIM_NOT_INITIALIZED";
    public const string SimFailure = "SIM_FAILURE";
    public const string PinNotSpecified = "PIN_NOT_SPECIFIED";
    public const string PinFailed = "PIN_FAILED";
    public const string PinRejectedBefore = "PIN_REJECTED_BEFORE";
    public const string PinTriesBelowLimit = "PIN_TRIES_BELOW_LIMIT";
    public const string PinTriesUnknown = "PIN_TRIES_UNKNOWN";
    public const string PukNeeded = "PUK_NEEDED";
    public const string SetModeFailed = "SETMODE_FAILED";
    public const string PlmnFailed = "PLMN_FAILED";
    public const string NetworkRegistrationFailed = "NETWORK_REGISTRATION_FAILED";
    public const string RegistrationDenied = "REGISTRATION_DENIED";
    public const string RoamingNotAllowed = "ROAMING_NOT_ALLOWED";
    public const string ConfigureFailed = "CONFIGURE_FAILED";
    public const string ConnectFailed = "CONNECT_FAILED";
    public const string CallFailed = "CALL_FAILED";
    public const string NoIpAddr = "NO_IPADDR";
    public const string PppFailed = "PPP_FAILED";
    public const string PppModemHangup = "PPP_MODEM_HANGUP";
    public const string PppAuthFailed = "PPP_AUTH_FAILED";
    public const string PppConnectScriptFailed = "PPP_CONNECT_SCRIPT_FAILED";
    public const string DisconnectFailed = "DISCONNECT_FAILED";
    public const string ModemGone = "MODEM_GONE";
    public const string ConfigInvalid = "CONFIG_INVALID";
    public const string StateDirUnwritable = "STATE_DIR_UNWRITABLE";

    /// <summary>Human text for each code, for LuCI and logs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [NoDevice] = "No modem matching the configured device was found",
        [AmbiguousDevice] = "Several modems match the configured device; set device to one of them",
        [NoIface] = "The modem's network interface was not found",
        [NoControlPort] = "No port of the modem answered AT commands",
        [UnsupportedModem] = "The modem offers no data link this handler can use",
        [ModeSwitchFailed] = "The modem could not be switched out of storage (CD-ROM) mode",
        [PortBusy] = "The modem port is in use by another program",
        [InitializeFailed] = "The modem did not accept the initialisation commands",
        [GetInfoFailed] = "The modem did not identify itself",
        [SimNotInserted] = "No SIM card inserted",
        [SimNotInitialized] = "The SIM card did not become ready in time",
        [SimFailure] = "The SIM card failed or is not usable",
        [PinNotSpecified] = "The SIM needs a PIN and none is configured",
        [PinFailed] = "The SIM rejected the configured PIN",
        [PinRejectedBefore] = "The configured PIN was rejected before; change the PIN to try again",
        [PinTriesBelowLimit] = "Too few PIN attempts remain; the PIN was not sent to protect the SIM",
        [PinTriesUnknown] = "The modem does not report the PIN attempts left and the PIN could not be limited to one try; it was not sent",
        [PukNeeded] = "The SIM is locked and needs its PUK",
        [SetModeFailed] = "The modem did not accept the network mode",
        [PlmnFailed] = "Registering on the configured operator (PLMN) failed",
        [NetworkRegistrationFailed] = "The modem did not register on a network in time",
        [RegistrationDenied] = "The network denied registration",
        [RoamingNotAllowed] = "The modem registered on a roaming network and roaming is not allowed",
        [ConfigureFailed] = "The modem did not accept the PDP context (APN) settings",
        [ConnectFailed] = "The modem refused to start the data call",
        [CallFailed] = "The network rejected or dropped the data call",
        [NoIpAddr] = "The data call came up without an IP address",
        [PppFailed] = "pppd failed",
        [PppModemHangup] = "The modem hung up the PPP link (pppd exit 16)",
        [PppAuthFailed] = "PPP authentication failed; check username and password",
        [PppConnectScriptFailed] = "Dialling failed (pppd connect script)",
        [DisconnectFailed] = "The modem did not hang up the data call",
        [ModemGone] = "The modem disappeared (reset or unplugged) and did not come back in time",
        [ConfigInvalid] = "The interface configuration is invalid",
        [StateDirUnwritable] = "The state directory (/var/run/huaweiwwan) cannot be written: the filesystem is full or read-only",
    };

    public static string Describe(string code) => Descriptions.GetValueOrDefault(code, code);
}
