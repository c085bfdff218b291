using System.Diagnostics;
using System.Text;

namespace WwanProto.Tests.Uci;

/// <summary>
/// One recorded transcript of the real uci CLI (format: shared/reference/uci-vectors/README.md), replayed
/// step by step against a fresh config dir and save dir.
/// </summary>
internal sealed class UciVectorCase
{
    private readonly string[] _lines;

    public UciVectorCase(string path) => _lines = File.ReadAllText(path).Split('\n');

    /// <summary>Replays the case; returns every mismatch (empty when the CLI reproduced it exactly).</summary>
    public List<string> Replay(Func<string, string, string?, string[], (int, string)> uci)
    {
        var work = UciTestPaths.TempDir("vec");
        var conf = Path.Combine(work, "c");
        var delta = Path.Combine(work, "t");
        Directory.CreateDirectory(conf);
        Directory.CreateDirectory(delta);
        var fails = new List<string>();
        try
        {
            string? stdin = null;
            int i = 0;
            while (i < _lines.Length)
            {
                var l = _lines[i];
                if (l.StartsWith("=== input file ", StringComparison.Ordinal))
                {
                    var body = Block(ref i);
                    File.WriteAllText(Path.Combine(conf, l["=== input file ".Length..]), string.Join('\n', body) + "\n");
                }
                else if (l == "=== stdin")
                {
                    stdin = string.Join('\n', Block(ref i)) + "\n";
                }
                else if (l.StartsWith("=== file ", StringComparison.Ordinal) || l.StartsWith("=== delta ", StringComparison.Ordinal))
                {
                    bool isFile = l.StartsWith("=== file ", StringComparison.Ordinal);
                    var name = isFile ? l["=== file ".Length..].Split(' ')[0] : l["=== delta ".Length..];
                    var want = string.Join('\n', Block(ref i)) + "\n";
                    var p = Path.Combine(isFile ? conf : delta, name);
                    var got = File.Exists(p) ? File.ReadAllText(p) : "<missing>";
                    if (got != want)
                        fails.Add($"{l}: want {Show(want)} got {Show(got)}");
                }
                else if (l.StartsWith("$ uci", StringComparison.Ordinal))
                {
                    var args = SplitLikeBash(l[5..]);
                    i++;
                    var want = new List<string>();
                    while (!_lines[i].StartsWith("[exit ", StringComparison.Ordinal))
                        want.Add(_lines[i++]);
                    int rcWant = int.Parse(_lines[i][6..^1], System.Globalization.CultureInfo.InvariantCulture);
                    i++;
                    var (rc, output) = uci(conf, delta, stdin, args);
                    stdin = null;
                    // Transcripts do not keep trailing newlines (an empty output is recorded as one empty line,
                    // export's final blank line is not recorded), so those are compared without them; every
                    // other byte must match.
                    var wantText = string.Join('\n', want).TrimEnd('\n');
                    if (rc != rcWant || output.TrimEnd('\n') != wantText)
                        fails.Add($"uci {string.Join(' ', args)}: want rc={rcWant} {Show(wantText)} got rc={rc} {Show(output)}");
                }
                else
                {
                    i++;
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return fails;
    }

    private List<string> Block(ref int i)
    {
        var body = new List<string>();
        i++;
        while (_lines[i] != "=== end")
            body.Add(_lines[i++]);
        i++;
        return body;
    }

    private static string Show(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\t", "\\t") + "\"";

    /// <summary>The recorded arguments are in bash `printf %q` form; bash itself splits them back.</summary>
    private static string[] SplitLikeBash(string quoted)
    {
        if (quoted.Trim().Length == 0)
            return [];
        var psi = new ProcessStartInfo("bash", ["-c", "printf '%s\\0' " + quoted])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var proc = Process.Start(psi)!;
        var text = proc.StandardOutput.ReadToEnd();
        if (!proc.WaitForExit(10_000))
            throw new TimeoutException("bash did not finish splitting " + quoted);
        var parts = text.Split('\0');
        return parts[..^1];
    }

    public static IEnumerable<string> All()
    {
        var dir = UciTestPaths.UciVectors();
        var files = Directory.GetFiles(dir, "*.txt");
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(Path.GetFileName)!;
    }

    public static string PathOf(string name) => Path.Combine(UciTestPaths.UciVectors(), name);

    internal static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
}
