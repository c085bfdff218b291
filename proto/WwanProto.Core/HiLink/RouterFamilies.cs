using WwanProto.Core.Config;
using WwanProto.Core.Control;
using WwanProto.Core.Links;
using WwanProto.Core.Links.Ethernet;
using WwanProto.Core.Session;

namespace WwanProto.Core.HiLink;

/// <summary>
/// The families whose device is a router on USB: a HiLink stick (its web API + the Ethernet link with the
/// stick's call behind it) and a tethering phone (no control plane + the Ethernet link). What the `session`
/// and `up` roles register in <see cref="ControlPlanes"/> and <see cref="DataLinks.Ethernet"/>.
/// </summary>
public static class RouterFamilies
{
    public static HiLinkSettings Settings(InterfaceOptions o) => new(
        o.HiLinkPassword is { } password ? new HiLinkCredentials(o.HiLinkUsername, password) : null,
        o.HiLinkDataSwitch, o.Apn, o.Username, o.Password, o.Auth, o.HiLinkProbe, o.HiLinkProbeInterval);

    /// <summary>The reachability probe `hilink_probe` asks for, or null.</summary>
    public static ReachabilityProbe? Probe(HiLinkSettings s) =>
        s.Probe is { } target ? new ReachabilityProbe(target, TimeSpan.FromSeconds(s.ProbeIntervalSeconds)) : null;

    public static ControlPlanes ControlPlanes(InterfaceOptions options) => new() { HiLink = HiLinkModemControl.Opener(Settings(options)) };

    public static IDataLink EthernetLink(DataLinkContext context) => context.Modem.Control is HiLinkModemControl hilink
        ? new EthernetLink(context, new HiLinkCall(hilink.Api, hilink.Settings, context.Tuning, TimeSpan.FromSeconds(context.Options.Timeout), context.Log, Probe(hilink.Settings)))
        : new EthernetLink(context);
}
