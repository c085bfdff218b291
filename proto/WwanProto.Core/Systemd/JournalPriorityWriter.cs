using System.Text;

namespace WwanProto.Core.Systemd;

/// <summary>
/// Prefixes each line with a syslog priority ("&lt;3&gt;" err, "&lt;4&gt;" warning, "&lt;6&gt;" info), which the journal
/// strips and records (sd-daemon(3)'s SD_ERR..). The product's messages say what they are ("fatal error",
/// "error", "giving up", "warning:"; "huaweiwwan up: ..." lines are its refusals to start), so the priority is
/// read from the line itself.
/// </summary>
public sealed class JournalPriorityWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            var line = _line.ToString();
            _line.Clear();
            inner.Write($"<{Priority(line)}>{line}\n");
        }
        else if (value != '\r')
        {
            _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "") Write(c);
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override void Flush()
    {
        inner.Flush();
    }

    public static int Priority(string line) =>
        line.StartsWith("huaweiwwan ", StringComparison.Ordinal) || line.Contains("fatal error", StringComparison.Ordinal) || line.Contains("giving up", StringComparison.Ordinal)
        || line.Contains(": error", StringComparison.Ordinal) ? 3
        : line.Contains("warning", StringComparison.OrdinalIgnoreCase) ? 4
        : 6;

    protected override void Dispose(bool disposing)
    {
        if (disposing && _line.Length > 0) Write('\n');
        base.Dispose(disposing);
    }
}
