using System.Text;

namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// The standalone flavor's ip-up/ip-down scripts: generated 0700 files in the state directory that pass pppd's
/// values on to the waiting link through its event pipe. They replace /etc/ppp/ip-up (so the distribution's
/// ip-up.d hooks never run and never rewrite /etc/resolv.conf) and carry nothing secret.
/// </summary>
public static class PppHookScript
{
    public static string UpPath(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"ppp-{iface}.ip-up");

    public static string DownPath(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"ppp-{iface}.ip-down");

    public static string FifoPath(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"ppp-{iface}.events");

    /// <summary>
    /// The script text. `1&lt;&gt;` opens the pipe read-write, which never blocks even when nobody reads any more
    /// (we died): pppd waits for ip-down, so the hook must never hang. The -p test keeps a vanished pipe from
    /// turning into a regular file. Paths were checked by <see cref="PppCommand"/> (no quotes possible).
    /// </summary>
    public static string Text(string kind, string fifo) =>
        "#!/bin/sh\n" +
        $"# huaweiwwan: pppd's {kind} for a standalone link (argv: ifname tty speed local remote ipparam).\n" +
        $"fifo='{fifo}'\n" +
        "[ -p \"$fifo\" ] || exit 0\n" +
        $"printf '{kind}\\t%s\\t%s\\t%s\\t%s\\t%s\\n' \"$1\" \"${{IPLOCAL:-$4}}\" \"${{IPREMOTE:-$5}}\" \"$DNS1\" \"$DNS2\" 1<>\"$fifo\"\n";

    /// <summary>Writes both scripts owner-only (root runs them, so nobody else may change them).</summary>
    public static void Write(SystemPaths paths, string iface)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("pppd hooks need a Unix host");
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(paths.StateDir, OwnerOnly);
        var fifo = FifoPath(paths, iface);
        foreach (var (path, kind) in new[] { (UpPath(paths, iface), PppHookEvent.UpKind), (DownPath(paths, iface), PppHookEvent.DownKind) })
        {
            var temp = path + ".tmp";
            File.Delete(temp);
            using (var f = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            {
                File.SetUnixFileMode(f.SafeFileHandle, OwnerOnly);
                f.Write(Encoding.UTF8.GetBytes(Text(kind, fifo)));
            }
            // Replaced atomically: pppd may be starting a hook of an earlier run at this moment.
            File.Move(temp, path, overwrite: true);
        }
    }

    public static void Remove(SystemPaths paths, string iface)
    {
        File.Delete(UpPath(paths, iface));
        File.Delete(DownPath(paths, iface));
    }
}
