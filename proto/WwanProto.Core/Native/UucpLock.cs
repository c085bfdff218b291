using System.Text;

namespace WwanProto.Core.Native;

/// <summary>
/// The UUCP lock-file convention pppd, minicom and ModemManager's peers follow: /var/lock/LCK..ttyUSB0 holding
/// the owner's pid as ten right-aligned ASCII digits and a newline. A lock whose process lives is never taken
/// over; a lock of a dead process, or one that does not hold a pid, is stale and removed.
/// </summary>
public sealed class UucpLock : IDisposable
{
    private const int AttemptsAfterStaleRemoval = 3;

    public string LockPath { get; }
    public string PortPath { get; }
    private bool _released;

    private UucpLock(string lockPath, string portPath)
    {
        LockPath = lockPath;
        PortPath = portPath;
    }

    /// <summary>
    /// The name pppd gives the same device's lock, so the two exclude each other: "LCK..ttyUSB0" for /dev/ttyUSB0;
    /// what follows "dev/" with '/' turned into '_' ("LCK..pts_3"); the file name for paths without "dev/".
    /// </summary>
    public static string FileName(string devicePath)
    {
        var dev = devicePath.IndexOf("dev/", StringComparison.Ordinal);
        var name = dev >= 0 ? devicePath[(dev + "dev/".Length)..].Replace('/', '_') : Path.GetFileName(devicePath);
        return "LCK.." + name;
    }

    /// <summary>Takes the lock or throws <see cref="PortBusyException"/> naming the pid that holds it.</summary>
    public static UucpLock Acquire(string devicePath, string lockDir)
    {
        var lockPath = Path.Combine(lockDir, FileName(devicePath));
        for (var attempt = 0; attempt < AttemptsAfterStaleRemoval; attempt++)
        {
            if (TryCreate(lockPath)) return new UucpLock(lockPath, devicePath);
            var holder = ReadPid(lockPath);
            if (holder is { } pid && IsAlive(pid))
                throw new PortBusyException(devicePath, pid, $"lock file {lockPath}");
            RemoveStale(lockPath);
        }
        throw new PortBusyException(devicePath, null, $"lock file {lockPath} keeps reappearing");
    }

    /// <summary>The live process holding the port's lock, or null when the port is free or the lock is stale.</summary>
    public static int? Holder(string devicePath, string lockDir)
    {
        var pid = ReadPid(Path.Combine(lockDir, FileName(devicePath)));
        return pid is { } p && IsAlive(p) ? p : null;
    }

    /// <summary>The pid content a lock file carries: "      1234\n".</summary>
    public static string Content(int pid) => $"{pid,10}\n";

    private static unsafe bool TryCreate(string lockPath)
    {
        var fd = Libc.Open(lockPath, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0x1A4 /* 0644 */);
        if (fd < 0)
        {
            var errno = Libc.LastErrno;
            if (errno == Libc.EEXIST) return false;
            throw new NativeException("create lock file", errno, lockPath);
        }
        using var file = new UnixFd(fd, lockPath);
        try
        {
            file.WriteAll(Encoding.ASCII.GetBytes(Content(Libc.GetPid())));
        }
        catch
        {
            File.Delete(lockPath);
            throw;
        }
        return true;
    }

    /// <summary>The pid in a lock file; null when the file is missing or holds no positive decimal number.</summary>
    internal static int? ReadPid(string lockPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(lockPath, Encoding.ASCII);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        var trimmed = text.Trim();
        if (trimmed.Length is 0 or > 10) return null;
        foreach (var c in trimmed)
            if (!char.IsAsciiDigit(c)) return null;
        return int.TryParse(trimmed, out var pid) && pid > 0 ? pid : null;
    }

    /// <summary>kill(pid, 0): EPERM still means the process exists (owned by another user).</summary>
    internal static bool IsAlive(int pid)
    {
        if (Libc.Kill(pid, 0) == 0) return true;
        return Libc.LastErrno == Libc.EPERM;
    }

    private static void RemoveStale(string lockPath)
    {
        try
        {
            File.Delete(lockPath);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot remove stale lock file {lockPath}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"cannot remove stale lock file {lockPath}: {e.Message}", e);
        }
    }

    /// <summary>Removes the lock file, but only while it still names this process.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        if (ReadPid(LockPath) == Libc.GetPid()) File.Delete(LockPath);
    }
}
