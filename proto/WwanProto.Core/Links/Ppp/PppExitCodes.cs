using WwanProto.Core.Session;

namespace WwanProto.Core.Links.Ppp;

/// <summary>pppd's exit status (pppd(8), "EXIT STATUS") mapped to our error codes.</summary>
public static class PppExitCodes
{
    public const int OptionError = 2;
    public const int NoKernelSupport = 4;
    public const int UserRequest = 5;
    public const int OpenFailed = 7;
    public const int ConnectFailed = 8;
    public const int Hangup = 16;
    public const int AuthToPeerFailed = 19;

    /// <summary>pppd's own words for each status, from its man page.</summary>
    public static string Meaning(int code) => code switch
    {
        0 => "pppd has detached, or the link was established and terminated at the peer's request",
        1 => "an immediately fatal error occurred (e.g. an essential system call failed, or out of memory)",
        2 => "an error was detected in processing the options given",
        3 => "pppd is not setuid-root and the invoking user is not root",
        4 => "the kernel does not support PPP",
        5 => "pppd terminated because it was sent a SIGINT, SIGTERM or SIGHUP signal",
        6 => "the serial port could not be locked",
        7 => "the serial port could not be opened",
        8 => "the connect script failed (returned a non-zero exit status)",
        9 => "the command specified as the argument to the pty option could not be run",
        10 => "the PPP negotiation failed (it didn't reach the point where at least one network protocol was running)",
        11 => "the peer system failed (or refused) to authenticate itself",
        12 => "the link was established successfully and terminated because it was idle",
        13 => "the link was established successfully and terminated because the connect time limit was reached",
        14 => "callback was negotiated and an incoming call should arrive shortly",
        15 => "the link was terminated because the peer is not responding to echo requests",
        16 => "the link was terminated by the modem hanging up",
        17 => "the PPP negotiation failed because serial loopback was detected",
        18 => "the init script failed (returned a non-zero exit status)",
        19 => "we failed to authenticate ourselves to the peer",
        _ => "unknown pppd exit status",
    };

    /// <summary>
    /// 16 → PPP_MODEM_HANGUP, 19 → PPP_AUTH_FAILED, 7/8 → PPP_CONNECT_SCRIPT_FAILED (the dial or the port the
    /// dialler needs), everything else → PPP_FAILED; the message always carries pppd's meaning and the number.
    /// Auth failures are fatal: retrying with the same credentials cannot succeed; so are option errors, not being
    /// root and a kernel without PPP.
    /// </summary>
    public static SessionError ToError(int code, string? detail = null)
    {
        var message = $"pppd exited with status {code}: {Meaning(code)}";
        if (!string.IsNullOrEmpty(detail)) message += $" ({detail})";
        return code switch
        {
            Hangup => new SessionError(ErrorCodes.PppModemHangup, message),
            AuthToPeerFailed => new SessionError(ErrorCodes.PppAuthFailed, message, Fatal: true),
            OpenFailed or ConnectFailed => new SessionError(ErrorCodes.PppConnectScriptFailed, message),
            // Options, not root, no kernel PPP: the same command line fails the same way every time.
            OptionError or 3 or NoKernelSupport => new SessionError(ErrorCodes.PppFailed, message, Fatal: true),
            _ => new SessionError(ErrorCodes.PppFailed, message),
        };
    }
}
