using System.Runtime.InteropServices;
using System.Text;

namespace WwanProto.Core.Native;

/// <summary>
/// Replaces the running program with another one in the same process (execve): same pid, same parent,
/// same stdin/stdout/stderr. Under netifd this makes the proto task's pid the new program's, so the
/// SIGTERM netifd sends on teardown reaches it directly. Every descriptor we open is O_CLOEXEC
/// (<see cref="UnixFd.Open"/>, .NET's sockets, pipes and epoll), so nothing of ours leaks into it.
/// </summary>
public static unsafe class ProcessImage
{
    /// <summary>
    /// Runs <paramref name="argv"/>[0] in place of this process with <paramref name="environment"/> ("NAME=VALUE").
    /// Returns only on failure, with errno. Signal state is made what a freshly started program expects: the
    /// runtime ignores SIGPIPE (an ignored signal stays ignored across execve) and may run this thread with
    /// signals blocked (the mask is inherited too), so both are reset first.
    /// </summary>
    public static int Replace(IReadOnlyList<string> argv, IEnumerable<string> environment)
    {
        if (argv.Count == 0) throw new ArgumentException("argv needs the program at [0]", nameof(argv));
        var env = environment.ToList();
        var allocated = new List<nint>();
        nint Utf8(string s)
        {
            var p = Marshal.StringToCoTaskMemUTF8(s);
            allocated.Add(p);
            return p;
        }
        var args = new nint[argv.Count + 1];
        var envp = new nint[env.Count + 1];
        try
        {
            for (var i = 0; i < argv.Count; i++) args[i] = Utf8(argv[i]);
            for (var i = 0; i < env.Count; i++) envp[i] = Utf8(env[i]);
            var path = Utf8(argv[0]);
            var pipe = Libc.Signal(Libc.SIGPIPE, Libc.SignalDefault);
            var empty = stackalloc byte[128];
            var old = stackalloc byte[128];
            new Span<byte>(empty, 128).Clear();
            Libc.PthreadSigmask(Libc.SIG_SETMASK, empty, old);
            int errno;
            fixed (nint* a = args)
            fixed (nint* e = envp)
            {
                Libc.Execve((byte*)path, (byte**)a, (byte**)e);
                errno = Libc.LastErrno;
            }
            // Still us: put the runtime's signal state back.
            Libc.PthreadSigmask(Libc.SIG_SETMASK, old, null);
            Libc.Signal(Libc.SIGPIPE, pipe);
            return errno;
        }
        finally
        {
            foreach (var p in allocated) Marshal.FreeCoTaskMem(p);
        }
    }

    /// <summary>This process's environment as execve wants it.</summary>
    public static IEnumerable<string> CurrentEnvironment()
    {
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            yield return new StringBuilder().Append((string)e.Key).Append('=').Append((string?)e.Value).ToString();
    }
}
