namespace WwanProto.Core.Config;

/// <summary>
/// Every option of a `proto huaweiwwan` interface. Names match OpenWrt's ncm/qmi/3g handlers where
/// the meaning matches, so existing configs and LuCI habits carry over.
/// </summary>
public static class OptionSchema
{
    public const string ProtocolName = "huaweiwwan";

    public static readonly IReadOnlyList<OptionSpec> All =
    [
        new("device", OptionType.String, "Modem device",
            "USB sysfs path or port (1-1.2), vid:pid[@n], imei:<15 digits>, a tty or cdc-wdm path, or auto")
            { Default = "auto", Check = ValueRules.Device },
        new("apn", OptionType.String, "APN", "Access point name for the (IPv4) data session")
            { Check = ValueRules.Apn },
        new("v6apn", OptionType.String, "IPv6 APN", "Access point name for a separate IPv6 session; defaults to apn")
            { Check = ValueRules.Apn, Tab = OptionTab.Advanced },
        new("auth", OptionType.String, "Authentication", "Authentication for the APN")
            { Choices = ["none", "pap", "chap", "both"], Default = "none" },
        new("username", OptionType.String, "Username", "APN user name") { Check = ValueRules.Credential },
        new("password", OptionType.String, "Password", "APN password") { Check = ValueRules.Credential, Secret = true },
        new("pincode", OptionType.String, "PIN", "SIM PIN (4 to 8 digits); sent only when the SIM asks and enough attempts remain")
            { Check = ValueRules.Pin, Secret = true },
        new("mode", OptionType.String, "Network mode", "Radio access technology; unset keeps the modem's own setting")
            { Choices = ["auto", "lte", "umts", "gsm", "preferlte", "preferumts"] },
        new("pdptype", OptionType.String, "IP protocol", "PDP context type")
            { Choices = ["IP", "IPV6", "IPV4V6"], Default = "IP" },
        new("profile", OptionType.Int, "PDP context", "PDP context id (cid)")
            { Min = 1, Max = 16, Default = "1", Tab = OptionTab.Advanced },
        new("linktype", OptionType.String, "Connection method", "Data link: auto picks NCM, QMI or HiLink when the modem has it, PPP otherwise")
            { Choices = ["auto", "ncm", "ppp", "qmi", "hilink"], Default = "auto", Tab = OptionTab.Advanced },
        new("hilink_username", OptionType.String, "HiLink WebUI user", "User name for the login of a HiLink stick whose web interface is locked")
            { Default = "admin", Check = ValueRules.Credential, Tab = OptionTab.Advanced },
        new("hilink_password", OptionType.String, "HiLink WebUI password", "Password of a HiLink stick's locked web interface; unset: no login")
            { Check = ValueRules.Credential, Secret = true, Tab = OptionTab.Advanced },
        new("hilink_dataswitch", OptionType.Bool, "HiLink data switch", "Turn a HiLink stick's mobile data on at connect and off at teardown; off: the stick's own setting stands")
            { Default = "0", Tab = OptionTab.Advanced },
        new("hilink_probe", OptionType.String, "HiLink reachability probe", "host[:port] (IP address or name, port 80 by default) that must answer a TCP connect while a HiLink stick reports its call up; unset: no probe")
            { Check = ValueRules.ProbeTarget, Tab = OptionTab.Advanced },
        new("hilink_probe_interval", OptionType.Int, "HiLink probe interval", "Seconds between reachability probes")
            { Min = 5, Max = 3600, Default = "30", Tab = OptionTab.Advanced },
        new("dialnumber", OptionType.String, "Dial number", "PPP dial string; default *99***<profile>#")
            { Check = ValueRules.DialNumber, Tab = OptionTab.Advanced },
        new("dhcp", OptionType.Bool, "Use DHCP", "Run DHCP on the network device instead of the modem-reported static IPv4 configuration")
            { Default = "0", Tab = OptionTab.Advanced },
        new("dhcpv6", OptionType.Bool, "Use DHCPv6", "Run a DHCPv6 child instead of the modem-reported static IPv6 configuration")
            { Default = "0", Tab = OptionTab.Advanced },
        new("allow_roaming", OptionType.Bool, "Allow roaming", "Accept registration on a roaming network")
            { Default = "1", Tab = OptionTab.Advanced },
        new("plmn", OptionType.String, "Operator (PLMN)", "MCCMNC to register on manually; unset or 0 selects automatically")
            { Check = ValueRules.Plmn, Tab = OptionTab.Advanced },
        new("usbmode", OptionType.String, "USB mode", "Mode to switch a dual-mode stick into: stick (serial/NCM) or hilink; none never switches")
            { Choices = ["stick", "hilink", "none"], Default = "stick", Tab = OptionTab.Advanced },
        new("timeout", OptionType.Int, "Registration timeout", "Seconds to wait for SIM readiness and network registration")
            { Min = 5, Max = 600, Default = "60", Tab = OptionTab.Advanced },
        new("delay", OptionType.Int, "Modem init timeout", "Seconds to keep trying to reach a modem that is still booting")
            { Min = 0, Max = 300, Default = "0", Tab = OptionTab.Advanced },
        new("mtu", OptionType.Int, "MTU", "Override the MTU of the data link") { Min = 576, Max = 9000, Tab = OptionTab.Advanced },
        new("keepalive", OptionType.String, "LCP echo (PPP)", "\"<failures> <interval>\": PPP LCP echo keepalive")
            { Check = ValueRules.Keepalive, Default = "5 10", Tab = OptionTab.Advanced },
        new("lowpower", OptionType.Bool, "Low power on teardown", "Put the radio in low-power mode (AT+CFUN=0) when the interface goes down")
            { Default = "0", Tab = OptionTab.Advanced },
        new("sourcefilter", OptionType.Bool, "IPv6 source routing", "Restrict IPv6 routes to the delegated prefix (dhcpv6 child)")
            { Default = "1", Tab = OptionTab.Advanced },
        new("delegate", OptionType.Bool, "Delegate IPv6 prefixes", "Delegate the IPv6 prefix to downstream interfaces (dhcpv6 child)")
            { Default = "1", Tab = OptionTab.Advanced },
        new("defaultroute", OptionType.Bool, "Use default gateway", "Add a default route via the link")
            { Default = "1", Generic = true, Tab = OptionTab.Advanced },
        new("peerdns", OptionType.Bool, "Use DNS servers advertised by peer", "Use the DNS servers the network reports")
            { Default = "1", Generic = true, Tab = OptionTab.Advanced },
        new("metric", OptionType.Int, "Gateway metric", "Metric of the routes") { Min = 0, Generic = true, Tab = OptionTab.Advanced },
    ];

    private static readonly Dictionary<string, OptionSpec> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static OptionSpec? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>
    /// netifd's generic interface attributes (interface.c iface_attrs): they reach the handler's JSON
    /// without being declared, so they are not "unknown options".
    /// </summary>
    public static readonly IReadOnlySet<string> NetifdGeneric = new HashSet<string>(StringComparer.Ordinal)
    {
        "proto", "ifname", "auto", "defaultroute", "peerdns", "dns", "dns_search", "dns_metric", "metric",
        "ip4table", "ip6table", "ip6assign", "ip6hint", "ip6class", "delegate", "ip6ifaceid", "force_link",
        "ip6weight", "tags", "zone", "jail", "carrier_loss_delay", "renew", "disabled", "type",
    };
}
