using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>What a running `huaweiwwan up` publishes for `status` (the status file in StateDir).</summary>
public sealed record StandaloneStatus
{
    public required string Iface { get; init; }
    public int Pid { get; init; }
    public DateTimeOffset Updated { get; init; }
    public ModemStatus Modem { get; init; } = new();
    public string? Ifname { get; init; }
    public IpConfig? Ipv4 { get; init; }
    public IpConfig? Ipv6 { get; init; }
    public string? ResolvFile { get; init; }
    /// <summary>What took the link's DNS servers: "systemd-resolved", "resolvconf (wan.huaweiwwan)", "file PATH".</summary>
    public string? Dns { get; init; }
}
