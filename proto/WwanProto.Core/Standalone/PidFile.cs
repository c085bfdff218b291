using System.Globalization;
using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Core.Standalone;

/// <summary>
/// `&lt;StateDir&gt;/&lt;iface&gt;.pid`, held with an exclusive flock for the life of `up`: a second `up` for the same
/// interface is refused, and `down` can tell a live session from a stale file (the lock dies with the process).
/// </summary>
public sealed class PidFile : IDisposable
{
    private readonly UnixFd _fd;
    public string Path { get; }

    private PidFile(UnixFd fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public static string PathFor(SystemPaths paths, string iface) => System.IO.Path.Combine(paths.StateDir, $"{iface}.pid");

    /// <summary>Takes the pid file; throws <see cref="IOException"/> naming the running pid when another `up` holds it.</summary>
    public static PidFile Acquire(string path)
    {
        StateDirectory.Ensure(System.IO.Path.GetDirectoryName(path)!);
        var fd = UnixFd.Open(path, Libc.O_RDWR | Libc.O_CREAT, 0x1A4);
        if (Libc.Flock(fd.Value, Libc.LOCK_EX | Libc.LOCK_NB) != 0)
        {
            fd.Dispose();
            throw new IOException($"another 'huaweiwwan up' (pid {ReadPid(path)?.ToString(CultureInfo.InvariantCulture) ?? "?"}) holds {path}");
        }
        // Truncate before writing: a shorter pid must not leave digits of the old one behind.
        if (Libc.Ftruncate(fd.Value, 0) != 0) throw NativeException.Last("ftruncate", path);
        fd.WriteAll(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        return new PidFile(fd, path);
    }

    /// <summary>The pid of a live `up` holding <paramref name="path"/>, or null (no file, or nobody holds the lock).</summary>
    public static int? RunningPid(string path)
    {
        UnixFd fd;
        try { fd = UnixFd.Open(path, Libc.O_RDONLY); }
        catch (NativeException e) when (e.Errno == Libc.ENOENT) { return null; }
        using (fd)
        {
            if (Libc.Flock(fd.Value, Libc.LOCK_SH | Libc.LOCK_NB) == 0) return null;
            return ReadPid(fd);
        }
    }

    /// <summary>Reads through our own fd: .NET's File APIs take a shared flock, which the running `up` refuses.</summary>
    private static int? ReadPid(UnixFd fd)
    {
        Span<byte> buffer = stackalloc byte[32];
        var n = fd.Read(buffer);
        if (n <= 0) return null;
        var text = Encoding.ASCII.GetString(buffer[..n]).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static int? ReadPid(string path)
    {
        try
        {
            using var fd = UnixFd.Open(path, Libc.O_RDONLY);
            return ReadPid(fd);
        }
        catch (NativeException) { return null; }
    }

    public void Dispose()
    {
        AtomicFile.Delete(Path);
        _fd.Dispose();
    }
}
