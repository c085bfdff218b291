namespace WwanProto.Core.HiLink;

/// <summary>
/// The web API's error numbers (&lt;error&gt;&lt;code&gt;N&lt;/code&gt;&lt;/error&gt;) this handler acts on or names in
/// messages. Numbers as the stick's WebUI and public API clients use them.
/// </summary>
public static class HiLinkErrors
{
    public const int NotSupported = 100002;
    public const int NoRights = 100003;
    public const int Busy = 100004;
    public const int FormatError = 100005;
    public const int ParameterError = 100006;
    public const int PinValidateFailed = 103002;
    public const int PinModifyFailed = 103003;
    public const int PukModifyFailed = 103004;
    public const int WrongUsername = 108001;
    public const int WrongPassword = 108002;
    public const int AlreadyLoggedIn = 108003;
    public const int WrongUsernameOrPassword = 108006;
    public const int TooManyLoginFailures = 108007;
    public const int WrongToken = 125001;
    public const int WrongSession = 125002;
    public const int WrongSessionToken = 125003;

    private static readonly Dictionary<int, string> Names = new()
    {
        [NotSupported] = "not supported by this firmware",
        [NoRights] = "not allowed: login needed",
        [Busy] = "the stick is busy",
        [FormatError] = "request format error",
        [ParameterError] = "parameter error",
        [PinValidateFailed] = "PIN verification failed",
        [PinModifyFailed] = "PIN change failed",
        [PukModifyFailed] = "PUK verification failed",
        [WrongUsername] = "unknown username",
        [WrongPassword] = "wrong password",
        [AlreadyLoggedIn] = "already logged in",
        [WrongUsernameOrPassword] = "wrong username or password",
        [TooManyLoginFailures] = "too many failed logins; the WebUI is locked for a while",
        [WrongToken] = "wrong verification token",
        [WrongSession] = "wrong or expired session",
        [WrongSessionToken] = "wrong or used verification token",
    };

    /// <summary>"108006 (wrong username or password)"; unknown numbers as themselves.</summary>
    public static string Describe(int code) =>
        Names.TryGetValue(code, out var name) ? $"{code} ({name})" : code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Errors that a fresh session and token cure: the request is repeated once after re-establishing.</summary>
    public static bool IsSessionError(int code) => code is WrongToken or WrongSession or WrongSessionToken;
}
