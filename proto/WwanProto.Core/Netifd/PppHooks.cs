using System.Net;
using System.Net.Sockets;
using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The scripts pppd runs when it is the proto task (<see cref="NetifdPppLink"/>), doing what OpenWrt's
/// /lib/netifd/ppp-up, ppp6-up and ppp-down do, over our own ubus client:
/// <list type="bullet">
/// <item>ppp-up (ip-up-script): link-up with the negotiated address as a /32 to its peer, the default route via
/// the peer, the peer's DNS (with peerdns), `data` from the session's <see cref="PppHandoff"/>; "keep" and
/// "address-external" as ppp-up sends them (pppd configured the device itself). Resets <see cref="PppAttempts"/> and
/// marks the <see cref="PppHandoff"/> as having reached ip-up.</item>
/// <item>ppp6-up (ipv6-up-script): the link-local address, then the dhcpv6 child (`@iface`), as the NCM path adds it.</item>
/// <item>ppp-down (ip-down-script and ipv6-down-script): link-up false, so netifd marks the link lost. During
/// teardown netifd refuses it (PERMISSION_DENIED): expected, nothing to say.</item>
/// </list>
/// pppd passes `ifname tty speed local remote ipparam` (ipparam = the netifd interface) and a clean environment:
/// pppd's variables plus what the session put there with `set` (the session config file, the ubus socket).
/// pppd waits for ip-down before it exits, so every hook is bounded by <see cref="Budget"/>.
/// </summary>
public static class PppHooks
{
    public const string Up = "ppp-up", Up6 = "ppp6-up", Down = "ppp-down";

    /// <summary>Everything one hook may take (ubus connect + one or two calls).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    /// <summary>Runs hook <paramref name="role"/>; 0 done (or refused during teardown, for ppp-down), 1 netifd not told, 2 bad arguments.</summary>
    public static async Task<int> RunAsync(string role, IReadOnlyList<string> args, Func<string, string?> env, SystemPaths paths,
        TextWriter log, CancellationToken cancellationToken)
    {
        if (args.Count < 6 || !NetifdSetup.ValidInterfaceName(args[5]) || args[0].Length == 0)
        {
            log.WriteLine($"{role}: expected pppd's arguments 'ifname tty speed local remote ipparam' with the netifd interface as ipparam");
            return 2;
        }
        var ifname = args[0];
        var iface = args[5];
        // ppp-down needs no options (and during teardown the file is already gone).
        var (options, zone) = role == Down ? (new InterfaceOptions(), null) : ReadConfig(env, role, log);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        await using var netifd = new NetifdNotifier(iface, env(UbusSocketPath.EnvironmentVariable) is { Length: > 0 } s ? s : null, Budget);
        try
        {
            switch (role)
            {
                case Up:
                    // IPCP is up: this attempt succeeded, the next session (after a later loss) dials at once.
                    PppAttempts.Reset(paths, iface);
                    var handoff = PppHandoff.Read(paths, iface);
                    if (handoff is { ReachedIpUp: false }) (handoff with { ReachedIpUp = true }).Write(paths, iface);
                    var update = UpUpdate(ifname, args, env, options, handoff);
                    if (update is null)
                    {
                        log.WriteLine($"{role}: pppd reported no usable IPv4 address for {ifname} (local '{env("IPLOCAL") ?? args[3]}', remote '{env("IPREMOTE") ?? args[4]}')");
                        return 2;
                    }
                    await netifd.NotifyAsync(NotifyMessages.Update(iface, update), budget.Token).ConfigureAwait(false);
                    log.WriteLine($"{role}: {ifname} up: {update.Ipv4!.Address}/32 peer {update.Ipv4Peer}"
                                  + (update.PeerDns && update.Ipv4.Dns.Count > 0 ? $", dns {string.Join(' ', update.Ipv4.Dns)}" : ""));
                    return 0;
                case Up6:
                    var up6 = new NotifyUpdate(ifname, true)
                    {
                        Ipv6 = env("LLLOCAL") is { } ll && IPAddress.TryParse(ll, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6
                            ? new IpConfig(ll, 128, null, []) : null,
                        DefaultRoute = options.DefaultRoute,
                        PeerDns = options.PeerDns,
                        Status = StatusOf(PppHandoff.Read(paths, iface), ifname),
                        Keep = true,
                        AddressExternal = true,
                    };
                    await netifd.NotifyAsync(NotifyMessages.Update(iface, up6), budget.Token).ConfigureAwait(false);
                    // Global IPv6 comes from the network's RAs/DHCPv6 on the PPP link: the child does that, as for NCM.
                    await netifd.AddDynamicAsync(NetifdReporter.Child(iface, options, zone, "dhcpv6", "_6"), budget.Token).ConfigureAwait(false);
                    log.WriteLine($"{role}: {ifname} IPv6 up; dhcpv6 child {iface}_6 added");
                    return 0;
                case Down:
                    await netifd.NotifyAsync(NotifyMessages.Update(iface, new NotifyUpdate(ifname, false)), budget.Token).ConfigureAwait(false);
                    log.WriteLine($"{role}: {ifname} down: told netifd the link is lost");
                    return 0;
                default:
                    throw new ArgumentException($"unknown ppp hook '{role}'", nameof(role));
            }
        }
        catch (UbusException e) when (role == Down && e.Status == UbusStatus.PermissionDenied)
        {
            // netifd is tearing the interface down (it stopped pppd): it takes the link down itself.
            return 0;
        }
        catch (UbusException e)
        {
            log.WriteLine($"{role}: could not tell netifd ({netifd.SocketPath}) about {iface}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            log.WriteLine($"{role}: netifd did not answer within {Budget.TotalSeconds:0} s");
            return 1;
        }
    }

    /// <summary>ppp-up's update, or null when pppd's addresses are not IPv4 addresses.</summary>
    public static NotifyUpdate? UpUpdate(string ifname, IReadOnlyList<string> args, Func<string, string?> env, InterfaceOptions options, PppHandoff? handoff)
    {
        var local = env("IPLOCAL") is { Length: > 0 } l ? l : args[3];
        var remote = env("IPREMOTE") is { Length: > 0 } r ? r : args[4];
        if (!IsIpv4(local) || !IsIpv4(remote)) return null;
        var dns = new List<string>();
        if (env("USEPEERDNS") == "1")
            foreach (var name in new[] { "DNS1", "DNS2" })
                if (env(name) is { } d && IsIpv4(d) && !dns.Contains(d)) dns.Add(d);
        return new NotifyUpdate(ifname, true)
        {
            Ipv4 = new IpConfig(local, 32, remote, dns),
            Ipv4Peer = remote,
            // As the NCM reporter does: the route and DNS only when the interface wants them (netifd would drop them too).
            DefaultRoute = options.DefaultRoute,
            PeerDns = options.PeerDns,
            Status = StatusOf(handoff, ifname),
            Keep = true,
            AddressExternal = true,
        };
    }

    private static ModemStatus? StatusOf(PppHandoff? handoff, string ifname) =>
        handoff is null ? null : handoff.Status with { Ifname = ifname, LinkType = "ppp" };

    private static bool IsIpv4(string text) =>
        IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3;

    /// <summary>The session's options (defaultroute, peerdns, zone ...); without them, netifd's defaults.</summary>
    private static (InterfaceOptions Options, string? Zone) ReadConfig(Func<string, string?> env, string role, TextWriter log)
    {
        var path = env(SessionConfigFile.EnvironmentVariable);
        if (string.IsNullOrEmpty(path))
        {
            log.WriteLine($"{role}: {SessionConfigFile.EnvironmentVariable} not set (pppd not started by huaweiwwan?); using default options");
            return (new InterfaceOptions(), null);
        }
        try
        {
            var config = SessionConfigFile.Read(path);
            return (config.Options, config.Zone);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            log.WriteLine($"{role}: cannot read the session's options ({e.Message}); using default options");
            return (new InterfaceOptions(), null);
        }
    }
}
