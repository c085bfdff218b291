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
    public static void EachAtLine(byte[] b, Action<string> parse)
    {
        foreach (var line in Latin1(b).Split('\n', '\r'))
            if (line.Length > 0) parse(line);
    }
}
