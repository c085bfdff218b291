using WwanProto.Core.Config;
using WwanProto.Core.Session;

namespace WwanProto.Core.Modem;

/// <summary>
/// Builds quoted AT arguments from user values. Values were validated by <see cref="OptionParser"/>,
/// but a session can be built from options made in code, so the breakout characters are checked
/// again here: this is the last point before the bytes reach the modem.
/// </summary>
public static class AtArguments
{
    /// <summary>"value" with the quotes, or a CONFIG_INVALID error naming the option (never the value of a secret).</summary>
    public static string Quote(string option, string value, bool secret = false)
    {
        if (ValueRules.Forbidden(value) is { } problem)
            throw new SessionException(new SessionError(ErrorCodes.ConfigInvalid,
                secret ? $"option {option} {problem}" : $"option {option} '{Printable(value)}' {problem}", Fatal: true));
        return "\"" + value + "\"";
    }

    /// <summary>Control characters shown as \xNN so a refused value can be logged without breaking the log line.</summary>
    private static string Printable(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        foreach (var c in value) text.Append(c < 0x20 || c == 0x7f ? $"\\x{(int)c:x2}" : c.ToString());
        return text.ToString();
    }
}
