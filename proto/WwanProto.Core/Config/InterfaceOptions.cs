namespace WwanProto.Core.Config;

/// <summary>The typed options of one `proto huaweiwwan` interface, defaults applied.</summary>
public sealed record InterfaceOptions
{
    public string Device { get; init; } = "auto";
    public string? Apn { get; init; }
    public string? V6Apn { get; init; }
    public string Auth { get; init; } = "none";
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? PinCode { get; init; }
    /// <summary>Null means "modem default": the radio mode is left alone (no NV write on every connect).</summary>
    public string? Mode { get; init; }
    public string PdpType { get; init; } = "IP";
    public int Profile { get; init; } = 1;
    public string LinkType { get; init; } = "auto";
    public string? DialNumber { get; init; }
    public bool Dhcp { get; init; }
    public bool Dhcpv6 { get; init; }
    public bool AllowRoaming { get; init; } = true;
    public string? Plmn { get; init; }
    public string UsbMode { get; init; } = "stick";
    public int Timeout { get; init; } = 60;
    public int Delay { get; init; }
    public int? Mtu { get; init; }
    public string Keepalive { get; init; } = "5 10";
    public bool LowPower { get; init; }
    public bool SourceFilter { get; init; } = true;
    public bool Delegate { get; init; } = true;
    public bool DefaultRoute { get; init; } = true;
    public bool PeerDns { get; init; } = true;
    public int? Metric { get; init; }
    public string HiLinkUsername { get; init; } = "admin";
    public string? HiLinkPassword { get; init; }
    public bool HiLinkDataSwitch { get; init; }
    /// <summary>hilink_probe: "host[:port]" whose answer to a TCP connect proves the stick's call carries traffic.</summary>
    public string? HiLinkProbe { get; init; }
    public int HiLinkProbeInterval { get; init; } = 30;

    /// <summary>The dial string for PPP: the configured one, or *99***&lt;profile&gt;#.</summary>
    public string EffectiveDialNumber => DialNumber ?? $"*99***{Profile}#";

    public bool WantsIpv4 => PdpType is "IP" or "IPV4V6";
    public bool WantsIpv6 => PdpType is "IPV6" or "IPV4V6";
}
