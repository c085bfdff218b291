using System.Text;

namespace WwanProto.Fuzz;

/// <summary>How the product turns bytes into the text a parser sees, so fuzzed bytes arrive the same way.</summary>
public static class FuzzInput
{
    /// <summary>Modem answers: the line framer keeps bytes above 0x7e as Latin-1 characters.</summary>
    public static string Latin1(byte[] b) => Encoding.Latin1.GetString(b);

    /// <summary>Files read with File.ReadAllText: UTF-8, bad sequences replaced.</summary>
    public static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);

    /// <summary>File.ReadAllLines: split on CR, LF or CRLF.</summary>
    public static string[] Lines(byte[] b) => Utf8(b).ReplaceLineEndings("\n").Split('\n');

    /// <summary>Modem answers as the framer cuts them, each line passed to <paramref name="parse"/>.</summary>
    /// <remarks>
    /// One line at a time, as the framer hands them over: the product never holds a whole stream as one string, and a
    /// harness that did (a 2 MB string and an array of every line for a 1 MB input) timed its own allocations in the
    /// linearity probe.
    /// </remarks>
    public static void EachAtLine(byte[] b, Action<string> parse) => EachLine(b, Encoding.Latin1, parse);

    /// <summary>Lines of a stream read with ReadLine (pppd's output through a pipe): UTF-8, split on CR, LF or CRLF.</summary>
    public static void EachUtf8Line(byte[] b, Action<string> parse) => EachLine(b, Encoding.UTF8, parse);

    private static void EachLine(byte[] b, Encoding encoding, Action<string> parse)
    {
        var rest = b.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            if (!line.IsEmpty) parse(encoding.GetString(line));
            rest = end < 0 ? default : rest[(end + 1)..];
        }
    }
}
