using System.Runtime.InteropServices;

namespace WwanProto.Core.Native;

/// <summary>pidfd_open(2): a fd that polls readable when a process (not necessarily our child) exits.</summary>
public static partial class PidFd
{
    private const long SysPidfdOpenX64 = 434; // same number on every 64-bit Linux ABI (asm-generic and x86_64)

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long pid, long flags);

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="pid"/> to exit; true when it has (or was already gone).</summary>
    public static bool WaitForExit(int pid, TimeSpan timeout)
    {
        var fd = (int)Syscall(SysPidfdOpenX64, pid, 0);
        if (fd < 0) return Marshal.GetLastPInvokeError() == Libc.ESRCH;
        using var handle = new UnixFd(fd, $"pidfd:{pid}");
        return (handle.Poll(Libc.POLLIN, (int)timeout.TotalMilliseconds) & Libc.POLLIN) != 0;
    }

    /// <summary>Whether a process with this pid exists (kill 0).</summary>
    public static bool Exists(int pid) => Libc.Kill(pid, 0) == 0 || Libc.LastErrno == Libc.EPERM;

    /// <summary>Sends SIGTERM; false when there is no such process.</summary>
    public static bool Terminate(int pid) => Libc.Kill(pid, Libc.SIGTERM) == 0;

    public static bool KillHard(int pid) => Libc.Kill(pid, Libc.SIGKILL) == 0;
}
