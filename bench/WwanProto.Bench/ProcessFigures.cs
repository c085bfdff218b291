using System.Globalization;

namespace WwanProto.Bench;

/// <summary>One process's open fds, threads and resident set, read from /proc (what a leak shows up in).</summary>
internal readonly record struct ProcessFigures(int Fds, int Threads, long RssKb)
{
    /// <summary>Null when the process is gone.</summary>
    public static ProcessFigures? Of(int pid)
    {
        try
        {
            int threads = 0;
            long rss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
            return new ProcessFigures(Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, threads, rss);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>What the process's fds point at, counted by kind ("socket", "pipe", "anon_inode:[eventfd]", or the path).</summary>
    public static Dictionary<string, int> FdTargets(int pid)
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.GetFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget ?? "?";
                var kind = target.IndexOf(":[", StringComparison.Ordinal) is var at and > 0 && !target.StartsWith("anon_inode", StringComparison.Ordinal) ? target[..at] : target;
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return kinds;
    }

    /// <summary>"+3 socket, -1 /dev/pts/4": the fd kinds whose count changed from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static string FdDelta(Dictionary<string, int> before, Dictionary<string, int> after)
    {
        var changes = before.Keys.Union(after.Keys)
            .Select(k => (Kind: k, Delta: after.GetValueOrDefault(k) - before.GetValueOrDefault(k)))
            .Where(c => c.Delta != 0)
            .Select(c => $"{c.Delta:+0;-0} {c.Kind}");
        return string.Join(", ", changes) is { Length: > 0 } s ? s : "none";
    }
}
