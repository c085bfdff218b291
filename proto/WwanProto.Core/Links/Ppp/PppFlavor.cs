namespace WwanProto.Core.Links.Ppp;

/// <summary>Who configures the interface once pppd has negotiated it.</summary>
public enum PppFlavor
{
    /// <summary>
    /// OpenWrt: netifd owns addresses, routes and DNS, told by our ip-up/ip-down hooks under /lib/netifd (never
    /// /etc/ppp/ip-up); the interface is named 3g-&lt;iface&gt; like 3g.sh does.
    /// </summary>
    Netifd,

    /// <summary>
    /// Debian / Raspberry Pi (`huaweiwwan up`): the interface is named ppp-&lt;iface&gt;, and the distribution's
    /// /etc/ppp/ip-up.d hooks are bypassed so /etc/resolv.conf is never rewritten behind the user's back.
    /// </summary>
    Standalone,
}
