namespace WwanProto.ModemSim.At;

/// <summary>+CME ERROR texts exactly as Balong prints them (§2.15).</summary>
public static class CmeErrors
{
    public const int OperationNotAllowed = 3, OperationNotSupported = 4, SimNotInserted = 10, SimPinRequired = 11,
        SimPukRequired = 12, SimFailure = 13, SimBusy = 14, IncorrectPassword = 16, NoNetworkService = 30,
        IncorrectParameters = 50, Unknown = 100, CallCidInOperation = 707;

    private static readonly Dictionary<int, string> Texts = new()
    {
        [0] = "phone failure", [1] = "NO CONNECTION TO PHONE", [3] = "operation not allowed", [4] = "operation not supported",
        [5] = "PH SIM PIN REQUIRED", [10] = "SIM not inserted", [11] = "SIM PIN required", [12] = "SIM PUK required",
        [13] = "SIM failure", [14] = "SIM busy", [15] = "SIM wrong", [16] = "incorrect password", [17] = "SIM PIN2 required",
        [18] = "SIM PUK2 required", [20] = "memory full", [21] = "invalid index", [22] = "not found", [23] = "memory failure",
        [24] = "text string too long", [26] = "dial string too long", [27] = "invalid characters in dial string",
        [30] = "NO NETWORK SERVICE", [31] = "NETWORK TIMEOUT", [32] = "NETWORK NOT ALLOWED - EMERGENCY CALLS ONLY",
        [40] = "NETWORK PERSONALIZATION PIN REQUIRED", [41] = "NETWORK PERSONALIZATION PUK REQUIRED",
        [50] = "Incorrect parameters", [100] = "UNKNOWN", [103] = "Illegal MS", [106] = "Illegal ME",
        [107] = "GPRS services not allowed", [111] = "PLMN not allowed", [112] = "Location area not allowed",
        [113] = "Roaming not allowed in this location area", [132] = "service option not supported",
        [133] = "requested service option not subscribed", [134] = "service option temporarily out of order",
        [148] = "unspecified GPRS error", [149] = "PDP authentication failure", [150] = "invalid mobile class",
        [157] = "Congestion", [158] = "Network failure", [300] = "PDP ACT LIMIT", [302] = "CS SERVICE EXIST",
        [700] = "APN length illegal", [701] = "APN syntactical error", [702] = "set APN before set auth",
        [703] = "auth type illegal", [704] = "user name too long", [705] = "user password too long",
        [706] = "access number too long", [707] = "call cid in operation", [708] = "bearer type not default",
        [709] = "call cid invalid", [710] = "call cid active", [711] = "bearer type illegal",
        [712] = "must exist default type cid", [713] = "PDN type illegal", [714] = "IPV4 address alloc type illegal",
        [715] = "link cid invalid", [716] = "no such element", [717] = "missing resource",
    };

    public static string Text(int code) => Texts.TryGetValue(code, out var t) ? t : "UNKNOWN";

    /// <summary>The final line for <paramref name="code"/> under the port's +CMEE mode.</summary>
    public static string Final(int code, int cmee) => cmee switch
    {
        0 => "ERROR",
        1 => $"+CME ERROR: {code}",
        _ => $"+CME ERROR: {Text(code)}",
    };
}
