using System.Runtime.InteropServices;

namespace WwanProto.Core.Native;

internal static unsafe partial class Libc
{
    public const int SIGPIPE = 13, SIG_SETMASK = 2;

    /// <summary>SIG_DFL.</summary>
    public static readonly nint SignalDefault = 0;

    [LibraryImport(Lib, EntryPoint = "execve", SetLastError = true)]
    public static partial int Execve(byte* path, byte** argv, byte** envp);

    /// <summary>Per thread; <paramref name="set"/> is a kernel-sized sigset (we pass 128 zero bytes: "no signal").</summary>
    [LibraryImport(Lib, EntryPoint = "pthread_sigmask")]
    public static partial int PthreadSigmask(int how, byte* set, byte* oldSet);

    [LibraryImport(Lib, EntryPoint = "signal", SetLastError = true)]
    public static partial nint Signal(int signum, nint handler);
}
