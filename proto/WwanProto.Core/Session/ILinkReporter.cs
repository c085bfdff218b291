namespace WwanProto.Core.Session;

/// <summary>An IPv4 or IPv6 configuration the modem (^DHCP?, ^DHCPV6?) or PPP reported.</summary>
public sealed record IpConfig(string Address, int PrefixLength, string? Gateway, IReadOnlyList<string> Dns, int? Mtu = null);

/// <summary>What the modem and its link look like now: the ubus status object and `status --json` show this.</summary>
public sealed record ModemStatus
{
    public string? Manufacturer { get; init; }
    public string? Model { get; init; }
    public string? Firmware { get; init; }
    public string? Imei { get; init; }
    public string? Iccid { get; init; }
    public string? Imsi { get; init; }
    public string? SimState { get; init; }
    public string? Operator { get; init; }
    public string? Rat { get; init; }
    public int? SignalDbm { get; init; }
    /// <summary>0–5 bars, from the signal in dBm and the RAT.</summary>
    public int? SignalBars { get; init; }
    public string? ControlPort { get; init; }
    public string? DataPort { get; init; }
    public string? Ifname { get; init; }
    public string? LinkType { get; init; }
    public string State { get; init; } = "starting";
    public DateTimeOffset? ConnectedSince { get; init; }
    public int Reconnects { get; init; }
    public int ModemResets { get; init; }
    public string? LastError { get; init; }
}

/// <summary>The link is up: which device carries it and how to configure it.</summary>
public sealed record LinkUp(string Ifname, IpConfig? Ipv4, IpConfig? Ipv6, bool Dhcp, bool Dhcpv6, ModemStatus Status);

/// <summary>
/// Where a session reports to: netifd over ubus (notify_proto) or, standalone, the host's own
/// interface configuration. The session never knows which.
/// </summary>
public interface ILinkReporter
{
    /// <summary>The link is up (first time, or again after a loss).</summary>
    Task LinkUpAsync(LinkUp link, CancellationToken cancellationToken);

    /// <summary>The link was lost; the session is reconnecting in place. Never called during teardown.</summary>
    Task LinkDownAsync(string reason, CancellationToken cancellationToken);

    /// <summary>The session failed; fatal errors block automatic restarts.</summary>
    Task ErrorAsync(SessionError error, CancellationToken cancellationToken);

    /// <summary>Status changed (signal, operator, state); cheap, may be called often.</summary>
    void StatusChanged(ModemStatus status);
}
