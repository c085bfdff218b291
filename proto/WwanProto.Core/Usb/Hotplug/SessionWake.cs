using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Core.Usb.Hotplug;

/// <summary>
/// How the hotplug handler wakes a session that waits for its modem: one line, the event's DEVPATH, into the FIFO
/// &lt;StateDir&gt;/&lt;iface&gt;.wake that the session holds open while it runs (<see cref="Session.DeviceArrivals"/>).
/// Without a session nobody reads it and nothing happens.
/// </summary>
public static class SessionWake
{
    /// <summary>The line for an event without a usable DEVPATH: any device may have arrived.</summary>
    public const string Unknown = "-";

    public static string PathFor(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"{iface}.wake");

    /// <summary>True when a running session took the line.</summary>
    public static bool Poke(SystemPaths paths, string iface, string? devPath)
    {
        var path = PathFor(paths, iface);
        // Non-blocking: with no session reading, open(2) fails at once (ENXIO; ENOENT without the FIFO).
        var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0) return false;
        using var pipe = new UnixFd(fd, path);
        var line = devPath is { Length: > 0 } p && p.StartsWith('/') && !p.Contains('\n') ? p : Unknown;
        try
        {
            // Shorter than PIPE_BUF: one write, never interleaved with another poke's.
            pipe.WriteAll(Encoding.UTF8.GetBytes(line + "\n"), 1000);
            return true;
        }
        catch (NativeException)
        {
            return false;
        }
    }
}
