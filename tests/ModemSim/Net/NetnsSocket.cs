using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WwanProto.ModemSim.Net;

/// <summary>
/// Makes a socket inside a named network namespace (/run/netns/NAME) without a child process: a fresh thread
/// enters the namespace (setns works per thread), creates the socket, and goes back. A socket keeps the
/// namespace it was made in, so it can be bound, connected and used from any thread afterwards.
/// </summary>
public static partial class NetnsSocket
{
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    public static Socket Create(string netns, AddressFamily family = AddressFamily.InterNetwork)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var own = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/run/netns/{netns}");
                if (setns((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new IOException($"setns into {netns}: errno {Marshal.GetLastPInvokeError()}");
                try { socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp); }
                finally
                {
                    if (setns((int)own.DangerousGetHandle(), CloneNewNet) != 0)
                        Environment.FailFast($"setns back from {netns} failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
            catch (Exception e) { error = e; }
        });
        thread.Start();
        thread.Join();
        if (error is not null) throw error;
        return socket!;
    }
}
