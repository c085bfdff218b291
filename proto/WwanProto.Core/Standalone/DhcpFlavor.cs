using System.Globalization;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>What a DHCP client's event means for the link.</summary>
public enum DhcpEventKind
{
    /// <summary>A lease (the first, or a new one after rebinding).</summary>
    Bound,
    /// <summary>The lease was extended, possibly with changed values.</summary>
    Renew,
    /// <summary>The lease is gone (expired, released, NAK): the address must not be used any more.</summary>
    Deconfig,
    /// <summary>The server refused (NAK); a deconfig follows.</summary>
    Nak,
    /// <summary>No answer to the client's tries.</summary>
    LeaseFail,
    /// <summary>Anything else the client reports (preinit, deprecated address ...): nothing to do.</summary>
    Other,
}

/// <summary>
/// How one DHCP client program is run for standalone `up`: its argv (foreground, our event script, its
/// files in the state dir), the script, which event names mean what, and how the script's lease reads back.
/// The script writes the lease atomically to "$0.lease" ($0 is the script's own path, so no path is quoted
/// inside it), then prints one line "huaweiwwan-dhcp-event NAME" to the stdout the client gave it, which is
/// our pipe: one small write, so it never interleaves with the client's own output.
/// </summary>
public sealed record DhcpFlavor(
    string Name,
    string Family,
    string Program,
    Func<string, DhcpFiles, string[]> Arguments,
    string Script,
    Func<string, DhcpEventKind> Classify,
    Func<IEnumerable<string>, IpConfig?> ParseLease)
{
    public const string EventMarker = "huaweiwwan-dhcp-event ";

    /// <summary>Tries of udhcpc's discover, seconds between them; its schedule ends before the caller's bound.</summary>
    public const int Tries = 5, SecondsBetweenTries = 2;

    /// <summary>
    /// busybox udhcpc in the foreground without -q: it renews at T1 and rebinds at T2 itself for the life
    /// of the link. -n: give up (exit 1) when no lease comes, so a dead DHCP server is an error, not a hang.
    /// No -R: stopped with SIGTERM it exits without releasing, as with every other client here.
    /// </summary>
    public static DhcpFlavor Udhcpc(string busybox = "busybox") => new(
        "udhcpc", "-4", busybox,
        (dev, f) => ["udhcpc", "-i", dev, "-f", "-n", "-t", Str(Tries), "-T", Str(SecondsBetweenTries), "-s", f.Script, "-p", f.Pid],
        """
        #!/bin/sh
        # Written by huaweiwwan: reports udhcpc's events and lease; huaweiwwan configures the interface itself.
        case "$1" in
        bound|renew)
            printf 'ip=%s\nmask=%s\nsubnet=%s\nrouter=%s\ndns=%s\nmtu=%s\n' "$ip" "$mask" "$subnet" "$router" "$dns" "$mtu" > "$0.lease.tmp" && mv -f "$0.lease.tmp" "$0.lease"
            ;;
        esac
        echo "huaweiwwan-dhcp-event $1"
        exit 0

        """,
        name => name switch
        {
            "bound" => DhcpEventKind.Bound,
            "renew" => DhcpEventKind.Renew,
            "deconfig" => DhcpEventKind.Deconfig,
            "nak" => DhcpEventKind.Nak,
            "leasefail" => DhcpEventKind.LeaseFail,
            _ => DhcpEventKind.Other,
        },
        DhcpLease.ParseV4);

    /// <summary>
    /// ISC dhclient -6 (Debian's isc-dhcp-client; busybox there has no udhcpc6) in the foreground: stateful
    /// DHCPv6 (IA_NA), renewing and rebinding itself; its DUID and leases stay in our state dir. Routes are
    /// not DHCPv6's business: the default route comes from the modem's RA (accept_ra=2 on the device).
    /// </summary>
    public static DhcpFlavor Dhclient6(string dhclient = "dhclient") => new(
        "dhclient -6", "-6", dhclient,
        (dev, f) => ["-6", "-d", "-sf", f.Script, "-lf", f.LeaseDb, "-pf", f.Pid, dev],
        """
        #!/bin/sh
        # Written by huaweiwwan: reports dhclient's DHCPv6 events and lease; huaweiwwan configures the interface itself.
        case "$reason" in
        BOUND6|RENEW6|REBIND6)
            printf 'ip=%s\nmask=%s\ndns=%s\n' "$new_ip6_address" "$new_ip6_prefixlen" "$new_dhcp6_name_servers" > "$0.lease.tmp" && mv -f "$0.lease.tmp" "$0.lease"
            ;;
        esac
        echo "huaweiwwan-dhcp-event $reason"
        exit 0

        """,
        name => name switch
        {
            "BOUND6" => DhcpEventKind.Bound,
            "RENEW6" or "REBIND6" => DhcpEventKind.Renew,
            "EXPIRE6" or "RELEASE6" or "STOP6" => DhcpEventKind.Deconfig,
            _ => DhcpEventKind.Other,
        },
        DhcpLease.ParseV6);

    /// <summary>
    /// ISC dhclient -6 -S: stateless DHCPv6 (information-request) for the DNS servers when the address came by
    /// SLAAC. One-shot: dhclient 4.4.3 reports the reply as RENEW6 (older ones: INFORM6) and exits 0 ("PRC: Done.")
    /// even with an information refresh time in the answer. Same files as the stateful client.
    /// </summary>
    public static DhcpFlavor Dhclient6Stateless(string dhclient = "dhclient") => new(
        "dhclient -6 -S", "-6", dhclient,
        (dev, f) => ["-6", "-S", "-d", "-sf", f.Script, "-lf", f.LeaseDb, "-pf", f.Pid, dev],
        """
        #!/bin/sh
        # Written by huaweiwwan: reports dhclient's stateless DHCPv6 answers (DNS); huaweiwwan configures the interface itself.
        case "$reason" in
        INFORM6|RENEW6)
            printf 'dns=%s\n' "$new_dhcp6_name_servers" > "$0.lease.tmp" && mv -f "$0.lease.tmp" "$0.lease"
            ;;
        esac
        echo "huaweiwwan-dhcp-event $reason"
        exit 0

        """,
        name => name is "INFORM6" or "RENEW6" ? DhcpEventKind.Bound : DhcpEventKind.Other,
        DhcpLease.ParseV6Dns);

    /// <summary>Where this client's files for <paramref name="dev"/> go in <paramref name="stateDir"/>.</summary>
    public DhcpFiles FilesFor(string stateDir, string dev)
    {
        var stem = Path.Combine(stateDir, (Family == "-6" ? "dhcpv6-" : "dhcp-") + dev);
        return new DhcpFiles(stem + ".sh", stem + ".sh.lease", stem + ".pid", stem + ".leases");
    }

    private static string Str(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A DHCP client's files: the event script, the lease it writes, the client's pid file and its own lease database.</summary>
public sealed record DhcpFiles(string Script, string Lease, string Pid, string LeaseDb);
