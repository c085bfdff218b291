using System.Globalization;
using System.Text;
using WwanProto.Core.Config;

namespace WwanProto.Core.At;

/// <summary>
/// Builds one AT command from a fixed head and arguments. User values go through <see cref="Quoted"/>, which
/// refuses (before any I/O) what <see cref="ValueRules.Forbidden"/> rejects, naming the option:
/// <c>new AtCommandBuilder("AT^NDISDUP=").Number(1).Number(1).Quoted("apn", apn).Build()</c>.
/// </summary>
public sealed class AtCommandBuilder
{
    private readonly StringBuilder _text;
    private bool _hasArgument;

    /// <param name="head">The command up to and including '=' ("AT+CGDCONT="); written by us, never by a user.</param>
    public AtCommandBuilder(string head) => _text = new StringBuilder(head);

    public AtCommandBuilder Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An empty argument (",," in "^NDISSTATQRY: 1,,,").</summary>
    public AtCommandBuilder Empty() => Raw("");

    /// <summary>A user value inside double quotes; <paramref name="option"/> names it in the error.</summary>
    public AtCommandBuilder Quoted(string option, string value)
    {
        Check(option, value);
        return Raw("\"" + value + "\"");
    }

    /// <summary>A user value without quotes (a PIN in AT+CPIN=1234 style, a dial string); same refusal rules.</summary>
    public AtCommandBuilder Unquoted(string option, string value)
    {
        Check(option, value);
        foreach (var c in value)
            if (c is ',' or ' ') throw new AtArgumentException(option, "contains ',' or a space, which would split the AT argument");
        return Raw(value);
    }

    /// <summary>Text appended without an argument separator (a dial string after "ATD", the "#" after it).</summary>
    public AtCommandBuilder Append(string option, string value)
    {
        Check(option, value);
        _text.Append(value);
        return this;
    }

    public string Build() => _text.ToString();

    public override string ToString() => AtRedaction.Redact(Build());

    /// <summary>The quoted form of a user value, or <see cref="AtArgumentException"/> naming the option.</summary>
    public static string Quote(string option, string value)
    {
        Check(option, value);
        return "\"" + value + "\"";
    }

    private AtCommandBuilder Raw(string argument)
    {
        if (_hasArgument) _text.Append(',');
        _text.Append(argument);
        _hasArgument = true;
        return this;
    }

    private static void Check(string option, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (ValueRules.Forbidden(value) is { } reason) throw new AtArgumentException(option, reason);
        foreach (var c in value)
            if (c < 0x20 || c > 0x7e) throw new AtArgumentException(option, "contains a non-printable or non-ASCII character");
    }
}
