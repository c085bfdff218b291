using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Core;

/// <summary>
/// Bytes to fd 1 with write(2), for the answers netifd and scripts run the binary for most (`--version`,
/// `netifd '' dump`, run at every netifd start). System.Console's first write sets up terminal handling
/// first: a signal-handling thread, a pipe, SIGINT/SIGQUIT/SIGCONT/SIGCHLD/SIGWINCH handlers, terminfo;
/// a one-shot answer needs none of it (issue 15, start-up).
/// </summary>
public static class StandardOutput
{
    public static void WriteLine(string text) => Write(Encoding.UTF8.GetBytes(text + "\n"));

    /// <summary>All of <paramref name="bytes"/>, across partial writes and EINTR; NativeException (an IOException) on any other error (e.g. EPIPE).</summary>
    public static unsafe void Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var n = Libc.Write(1, start + done, bytes.Length - done);
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR) throw new NativeException("write", errno, "standard output");
            }
        }
    }
}
