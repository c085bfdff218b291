using System.Text;
using System.Globalization;

namespace WwanProto.Core.Netifd;

/// <summary>
/// How many times in a row pppd ended by itself without reaching ip-up, kept in
/// &lt;StateDir&gt;/&lt;iface&gt;.ppp-attempts across proto tasks. Under netifd, pppd IS the proto task: when it
/// exits, netifd runs teardown and setup again at once, and a new session starts from nothing. This file is
/// what lets that new session back off (3g.sh has no such memory and redials in a tight loop).
/// Only pppd's own exits count, and teardown counts them: netifd passes $ERROR exactly when the proto task ended
/// by itself. A pppd that netifd stops (it runs teardown first and SIGTERMs the task when teardown is done) is no
/// failed attempt. ppp-up resets the count; a teardown without $ERROR (ifdown, reload) and one that blocks the
/// restart (the next setup is then the user's ifup) forget it, so a manual ifup never waits.
/// </summary>
public static class PppAttempts
{
    public static string PathFor(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"{iface}.ppp-attempts");

    /// <summary>The count; 0 when there is none or it is unreadable.</summary>
    public static int Read(SystemPaths paths, string iface)
    {
        try
        {
            var text = File.ReadAllText(PathFor(paths, iface)).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>One more attempt; returns the new count.</summary>
    public static int Increment(SystemPaths paths, string iface)
    {
        var next = Math.Min(Read(paths, iface), 1000) + 1;
        Write(paths, iface, next);
        return next;
    }

    /// <summary>Sets the count (0 removes the file): an attempt that never reached pppd is taken back.</summary>
    public static void Write(SystemPaths paths, string iface, int count)
    {
        if (count <= 0)
        {
            Reset(paths, iface);
            return;
        }
        AtomicFile.WriteState(paths, PathFor(paths, iface), Encoding.UTF8.GetBytes(count.ToString(CultureInfo.InvariantCulture) + "\n"), 0x1A4);
    }

    public static void Reset(SystemPaths paths, string iface)
    {
        try { File.Delete(PathFor(paths, iface)); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
