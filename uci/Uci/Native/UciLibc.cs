using System.Runtime.InteropServices;

namespace WwanProto.Uci.Native;

/// <summary>
/// The few libc calls libuci's file handling needs and .NET does not offer with the same semantics:
/// open(2) without .NET's own non-blocking advisory lock, and a blocking flock(2) like libuci takes.
/// Kept here rather than in WwanProto.Core.Native because Core depends on this library, not the reverse.
/// </summary>
internal static partial class UciLibc
{
    public const int O_RDONLY = 0x0, O_RDWR = 0x2, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;
    public const int LOCK_SH = 1, LOCK_EX = 2, LOCK_UN = 8;
    public const int EINTR = 4, ENOSYS = 38;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenRaw(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>open(2), retried on EINTR; returns the fd or -1 (errno in Marshal.GetLastPInvokeError).</summary>
    public static int Open(string path, int flags, int mode)
    {
        while (true)
        {
            int fd = OpenRaw(path, flags, mode);
            if (fd >= 0 || Marshal.GetLastPInvokeError() != EINTR)
                return fd;
        }
    }

    /// <summary>Blocking flock, retried on EINTR; ENOSYS (no locking on this filesystem) counts as success.</summary>
    public static bool Lock(int fd, int op)
    {
        while (true)
        {
            if (Flock(fd, op) == 0)
                return true;
            int e = Marshal.GetLastPInvokeError();
            if (e == EINTR)
                continue;
            return e == ENOSYS;
        }
    }
}
