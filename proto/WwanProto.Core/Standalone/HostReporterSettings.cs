namespace WwanProto.Core.Standalone;

/// <summary>Where a standalone session puts its state: the status file, the DNS file, and which netns to configure.</summary>
public sealed record HostReporterSettings(string StatusPath, string ResolvPath)
{
    /// <summary>Configure interfaces in this named netns (`ip -n`); null = our own namespace.</summary>
    public string? Netns { get; init; }

    /// <summary>Where the DHCP client's event script and lease file go (option dhcp).</summary>
    public string StateDir { get; init; } = SystemPaths.Default.StateDir;

    /// <summary>Where DNS servers go (systemd-resolved, resolvconf); null = the file at <see cref="ResolvPath"/>.</summary>
    public DBus.IDnsTarget? Dns { get; init; }

    /// <summary>Called with the netdev before it is configured (NetworkManager is told to leave it alone).</summary>
    public Func<string, Task>? NetdevUp { get; init; }
}
