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

    // SMS and USSD (the WebUI's ERROR_SMS_* / ERROR_USSD_* table as public HiLink clients reproduce it; 113114 and
    // 113055 from a public E3372h-320 client's error handling).
    public const int SmsIllegalArgument = 113017;
    public const int SmsOvertime = 113018;
    public const int SmsIndexListError = 113020;
    public const int SmsCenterNumberFailed = 113031;
    public const int SmsDeleteFailed = 113036;
    public const int SmsLocalSpaceNotEnough = 113053;
    public const int SmsNumberTooLong = 113054;
    public const int SmsAlreadyChanged = 113055;
    public const int SmsNotFound = 113114;
    public const int UssdError = 111001;
    public const int UssdFunctionError = 111012;
    public const int UssdInSession = 111013;
    public const int UssdTooLong = 111014;
    public const int UssdEmpty = 111016;
    public const int UssdCodingError = 111017;
    public const int UssdAtSendFailed = 111018;
    public const int UssdNoAnswerYet = 111019;
    public const int UssdNetworkTimeout = 111020;
    public const int UssdXmlCharacter = 111021;
    public const int UssdNotSupported = 111022;

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
        [SmsIllegalArgument] = "SMS: missing or illegal argument",
        [SmsOvertime] = "SMS: the stick's SMS service timed out (not ready yet, e.g. right after start)",
        [SmsIndexListError] = "SMS: the message list could not be read",
        [SmsCenterNumberFailed] = "SMS: setting the SMS centre number failed",
        [SmsDeleteFailed] = "SMS: deleting failed",
        [SmsLocalSpaceNotEnough] = "SMS: the stick's message storage is full",
        [SmsNumberTooLong] = "SMS: the phone number is too long",
        [SmsAlreadyChanged] = "SMS: the message was already changed",
        [SmsNotFound] = "SMS: no such message",
        [UssdError] = "USSD error",
        [UssdFunctionError] = "USSD: the firmware's USSD function failed",
        [UssdInSession] = "USSD: a USSD dialogue is already running",
        [UssdTooLong] = "USSD: the text is too long",
        [UssdEmpty] = "USSD: empty command",
        [UssdCodingError] = "USSD: coding error",
        [UssdAtSendFailed] = "USSD: the firmware could not send it to the modem",
        [UssdNoAnswerYet] = "USSD: no answer from the network yet",
        [UssdNetworkTimeout] = "USSD: the network did not answer in time",
        [UssdXmlCharacter] = "USSD: a special character could not be carried",
        [UssdNotSupported] = "USSD: the network does not support USSD",
    };

    /// <summary>"108006 (wrong username or password)"; unknown numbers as themselves.</summary>
    public static string Describe(int code) =>
        Names.TryGetValue(code, out var name) ? $"{code} ({name})" : code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Errors that a fresh session and token cure: the request is repeated once after re-establishing.</summary>
    public static bool IsSessionError(int code) => code is WrongToken or WrongSession or WrongSessionToken;
}
