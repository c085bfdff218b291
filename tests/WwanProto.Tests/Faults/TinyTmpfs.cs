using System.Diagnostics;

namespace WwanProto.Tests.Faults;

/// <summary>
/// A small tmpfs of the test's own, mounted on a fresh temp directory (as root: the tests need root for network
/// namespaces anyway), to stand for a /var/run that fills up or goes read-only. Root ignores file modes, so only a
/// real full or read-only filesystem makes writes fail. Unmounted and removed on dispose, also after a failure.
/// </summary>
internal sealed class TinyTmpfs : IDisposable
{
    private readonly string _filler;

    public string Path { get; }

    private TinyTmpfs(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, ".filler");
    }

    public static TinyTmpfs Mount(int kib = 256)
    {
        var dir = Directory.CreateTempSubdirectory("wwan-tmpfs-").FullName;
        try
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={kib}k,mode=0700", "tmpfs", dir);
        }
        catch
        {
            Directory.Delete(dir);
            throw;
        }
        return new TinyTmpfs(dir);
    }

    /// <summary>Writes one file until the filesystem has no block left (ENOSPC), as a log filling /var/run would.</summary>
    public void Fill()
    {
        var block = new byte[4096];
        using var f = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true) f.Write(block);
        }
        catch (IOException)
        {
            // Full. Whatever fits of a partial block is in; the rest of the filesystem's blocks are taken.
        }
    }

    /// <summary>Room again: the filler goes.</summary>
    public void Free() => File.Delete(_filler);

    /// <summary>Files in the filesystem other than the filler: what the product left there.</summary>
    public string[] Leftovers() => Directory.GetFiles(Path).Where(f => f != _filler).Select(System.IO.Path.GetFileName).ToArray()!;

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    public void MakeWritable() => Run("mount", "-o", "remount,rw", Path);

    public void Dispose()
    {
        try { Run("umount", Path); }
        catch (InvalidOperationException) { Run("umount", "-l", Path); } // still busy: detach now, freed when let go
        Directory.Delete(Path);
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Trim()}");
    }
}
