using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The notify_proto payloads netifd understands (proto-ext.c notify_attr), encoded as blobmsg with the
/// types netifd's policies expect: action INT32, link-up/keep/available BOOL, masks as strings (as
/// netifd-proto.sh sends them). Each ends with "interface", as netifd-proto.sh's _proto_notify adds it.
/// </summary>
public static class NotifyMessages
{
    public const int ActionUpdate = 0, ActionRunCommand = 1, ActionKill = 2, ActionError = 3,
        ActionBlockRestart = 4, ActionAvailable = 5, ActionSetupFailed = 7;

    /// <summary>Action 0: the link is up (with its addresses) or lost (<paramref name="up"/> false, nothing else).</summary>
    public static byte[] Update(string iface, NotifyUpdate update)
    {
        var w = Start(ActionUpdate);
        if (update.Ifname is { Length: > 0 } ifname && ifname != "*") w.String("ifname", ifname);
        w.Bool("link-up", update.LinkUp);
        if (update.LinkUp)
        {
            if (update.AddressExternal) w.Bool("address-external", true);
            if (update.Ipv4 is { } v4)
            {
                Addresses(w, "ipaddr", v4, update.Ipv4Peer);
                if (update.DefaultRoute && v4.Gateway is { Length: > 0 } gw4) Ipv4Routes(w, v4, gw4, update.Ipv4Peer is null);
            }
            if (update.Ipv6 is { } v6)
            {
                Addresses(w, "ip6addr", v6);
                if (update.DefaultRoute && v6.Gateway is { Length: > 0 } gw6)
                {
                    var a = w.OpenArray("routes6");
                    Route(w, "::", "0", gw6, update.Ipv6SourceFilter ? $"{v6.Address}/{v6.PrefixLength.ToString(CultureInfo.InvariantCulture)}" : null);
                    w.Close(a);
                }
            }
            if (update.PeerDns)
            {
                var dns = (update.Ipv4?.Dns ?? []).Concat(update.Ipv6?.Dns ?? []).Distinct(StringComparer.Ordinal).ToList();
                if (dns.Count > 0)
                {
                    var a = w.OpenArray("dns");
                    foreach (var d in dns) w.String(null, d);
                    w.Close(a);
                }
            }
            if (update.Status is { } status)
            {
                var t = w.OpenTable("data");
                LinkData(w, status);
                w.Close(t);
            }
        }
        w.Bool("keep", update.LinkUp && update.Keep);
        return End(w, iface);
    }

    /// <summary>Action 1: start the proto task (argv ≤ 63, env ≤ 31 entries, as netifd accepts).</summary>
    public static byte[] RunCommand(string iface, IReadOnlyList<string> command, IReadOnlyList<string> env)
    {
        // proto-shell.c fill_string_list fails once a list reaches max - 1 entries (argv[64], env[32]).
        if (command.Count is 0 or > 62) throw new ArgumentException("netifd runs 1 to 62 arguments", nameof(command));
        if (env.Count > 30) throw new ArgumentException("netifd passes at most 30 environment entries", nameof(env));
        var w = Start(ActionRunCommand);
        var c = w.OpenArray("command");
        foreach (var arg in command) w.String(null, arg);
        w.Close(c);
        if (env.Count > 0)
        {
            var e = w.OpenArray("env");
            foreach (var kv in env) w.String(null, kv);
            w.Close(e);
        }
        return End(w, iface);
    }

    /// <summary>Action 2: signal the proto task (netifd defaults to SIGTERM).</summary>
    public static byte[] Kill(string iface, int? signal = null)
    {
        var w = Start(ActionKill);
        if (signal is { } s) w.Int32("signal", s);
        return End(w, iface);
    }

    /// <summary>Action 3: an error code (LuCI translates it) and up to 15 data strings.</summary>
    public static byte[] Error(string iface, string code, IEnumerable<string> data)
    {
        var w = Start(ActionError);
        var a = w.OpenArray("error");
        w.String(null, code);
        // proto_shell_notify_error rejects the whole notify from the 16th string on (data[16], code included).
        foreach (var d in data.Take(14)) w.String(null, d);
        w.Close(a);
        return End(w, iface);
    }

    /// <summary>Action 4: no automatic re-setup until the next manual ifup.</summary>
    public static byte[] BlockRestart(string iface) => End(Start(ActionBlockRestart), iface);

    /// <summary>Action 5: mark the interface (un)available.</summary>
    public static byte[] Available(string iface, bool available)
    {
        var w = Start(ActionAvailable);
        w.Bool("available", available);
        return End(w, iface);
    }

    /// <summary>Action 7: setup failed: link lost (if up), then teardown.</summary>
    public static byte[] SetupFailed(string iface) => End(Start(ActionSetupFailed), iface);

    /// <summary>`network add_dynamic` body for a dhcp/dhcpv6 child bound to the parent via "@iface".</summary>
    public static byte[] AddDynamic(DynamicChild child)
    {
        var w = new BlobWriter();
        w.String("name", child.Name);
        w.String("ifname", "@" + child.Parent);
        w.String("proto", child.Proto);
        if (child.Zone is { Length: > 0 } zone) w.String("zone", zone);
        // proto_add_dynamic_defaults: only what the parent's config sets explicitly.
        if (child.DefaultRoute is { } dr) w.Bool("defaultroute", dr);
        if (child.PeerDns is { } pd) w.Bool("peerdns", pd);
        if (child.Metric is { } metric) w.Int32("metric", metric);
        if (child.Proto == "dhcpv6")
        {
            // RFC 7278: extend the /64 to the LAN; a string, as ncm.sh/qmi.sh send it and dhcpv6.sh reads it.
            if (child.ExtendPrefix) w.String("extendprefix", "1");
            if (!child.Delegate) w.Bool("delegate", false);
            if (!child.SourceFilter) w.Bool("sourcefilter", false);
        }
        return w.ToArray();
    }

    /// <summary>The `data` table: what LuCI's status and `ifstatus` show about the modem.</summary>
    private static void LinkData(BlobWriter w, ModemStatus s)
    {
        void S(string name, string? value) { if (value is { Length: > 0 }) w.String(name, value); }
        S("imei", s.Imei);
        S("manufacturer", s.Manufacturer);
        S("model", s.Model);
        S("firmware", s.Firmware);
        S("operator", s.Operator);
        S("rat", s.Rat);
        if (s.SignalDbm is { } dbm) w.Int32("signal", dbm);
        if (s.SignalBars is { } bars) w.Int32("signal_bars", bars);
        S("sim_state", s.SimState);
        S("link_type", s.LinkType);
        S("control_port", s.ControlPort);
    }

    private static void Addresses(BlobWriter w, string name, IpConfig ip, string? peer = null)
    {
        var a = w.OpenArray(name);
        var t = w.OpenTable(null);
        w.String("ipaddr", ip.Address);
        w.String("mask", ip.PrefixLength.ToString(CultureInfo.InvariantCulture));
        if (peer is { Length: > 0 }) w.String("ptp", peer);
        w.Close(t);
        w.Close(a);
    }

    /// <summary>
    /// The IPv4 routes. A lease (static ^DHCP addressing) is reported as OpenWrt's dhcp.script reports one: a /32 host
    /// route to the gateway when it lies outside the address's subnet, then the default route via the gateway, both with
    /// the address as source (multi-WAN setups such as mwan3 rely on it). A point-to-point link (PPP) as ppp-up
    /// reports it: the default route via the peer, no source.
    /// </summary>
    private static void Ipv4Routes(BlobWriter w, IpConfig v4, string gateway, bool lease)
    {
        var a = w.OpenArray("routes");
        if (lease && !SameSubnet(v4.Address, gateway, v4.PrefixLength)) Route(w, gateway, "32", null, v4.Address);
        Route(w, "0.0.0.0", "0", gateway, lease ? v4.Address : null);
        w.Close(a);
    }

    /// <summary>One route table, its fields in netifd-proto.sh's order (target, netmask, gateway, source).</summary>
    private static void Route(BlobWriter w, string target, string netmask, string? gateway, string? source)
    {
        var t = w.OpenTable(null);
        w.String("target", target);
        w.String("netmask", netmask);
        if (gateway is not null) w.String("gateway", gateway);
        if (source is not null) w.String("source", source);
        w.Close(t);
    }

    /// <summary>dhcp.script's ipcalc.sh NETWORK comparison; an unparsable address counts as outside.</summary>
    private static bool SameSubnet(string address, string gateway, int prefixLength)
    {
        if (!IPAddress.TryParse(address, out var a) || !IPAddress.TryParse(gateway, out var g)
            || a.AddressFamily != AddressFamily.InterNetwork || g.AddressFamily != AddressFamily.InterNetwork) return false;
        var mask = prefixLength <= 0 ? 0u : uint.MaxValue << (32 - Math.Min(prefixLength, 32));
        return (BinaryPrimitives.ReadUInt32BigEndian(a.GetAddressBytes()) & mask) == (BinaryPrimitives.ReadUInt32BigEndian(g.GetAddressBytes()) & mask);
    }

    private static BlobWriter Start(int action)
    {
        var w = new BlobWriter();
        w.Int32("action", action);
        return w;
    }

    private static byte[] End(BlobWriter w, string iface)
    {
        w.String("interface", iface);
        return w.ToArray();
    }
}

/// <summary>What one action-0 update says.</summary>
public sealed record NotifyUpdate(string? Ifname, bool LinkUp)
{
    public IpConfig? Ipv4 { get; init; }
    public IpConfig? Ipv6 { get; init; }
    public bool DefaultRoute { get; init; } = true;
    public bool PeerDns { get; init; } = true;
    public ModemStatus? Status { get; init; }

    /// <summary>Merge into the interface's current settings instead of replacing them (ppp-up/ppp6-up: IPv4 and IPv6 arrive separately).</summary>
    public bool Keep { get; init; }

    /// <summary>The addresses are already on the device (pppd put them there): netifd records them but does not add them.</summary>
    public bool AddressExternal { get; init; }

    /// <summary>The point-to-point peer of the IPv4 address (PPP's remote end). Set: routes as ppp-up reports them (no source).</summary>
    public string? Ipv4Peer { get; init; }

    /// <summary>The IPv6 default route carries the address/prefix as source, as dhcpv6.script does unless `sourcefilter` is off.</summary>
    public bool Ipv6SourceFilter { get; init; } = true;
}

/// <summary>A dhcp/dhcpv6 child interface ("wan_4"/"wan_6") riding on the parent's L3 device.</summary>
public sealed record DynamicChild(string Name, string Parent, string Proto)
{
    public string? Zone { get; init; }
    public bool? DefaultRoute { get; init; }
    public bool? PeerDns { get; init; }
    public int? Metric { get; init; }
    public bool ExtendPrefix { get; init; } = true;
    public bool Delegate { get; init; } = true;
    public bool SourceFilter { get; init; } = true;
}
