namespace WwanProto.Core.Standalone;

/// <summary>Finds which interface `down`/`status` mean when none is named: the only one with state in StateDir.</summary>
public static class StandaloneTarget
{
    /// <summary>The named interface, or the single one that has a pid or status file; an error text otherwise.</summary>
    public static (string? Iface, string? Error) Resolve(SystemPaths paths, string? iface)
    {
        if (iface is not null) return (iface, null);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(paths.StateDir))
        {
            foreach (var f in Directory.EnumerateFiles(paths.StateDir, "*.pid")) names.Add(Path.GetFileName(f)[..^".pid".Length]);
            foreach (var f in Directory.EnumerateFiles(paths.StateDir, "*.status.json")) names.Add(Path.GetFileName(f)[..^".status.json".Length]);
            // The session's helpers keep pid files there too (dhcp-usb0.pid: its DHCP client); an interface name is a
            // UCI section name, letters, digits and '_' only, so a name with '-' is never a session.
            names.RemoveWhere(n => n.Contains('-'));
        }
        return names.Count switch
        {
            1 => (names.Min, null),
            0 => (null, $"no huaweiwwan session is running (nothing in {paths.StateDir})"),
            _ => (null, $"several sessions are running ({string.Join(", ", names)}); name one with --iface"),
        };
    }
}
