using System.Net;
using WwanProto.Core.Standalone;

namespace WwanProto.Core.HiLink;

/// <summary>
/// The way to the stick's web API before the link is reported: the API lives on the stick's own LAN, which
/// is addressed by DHCP from the stick (under netifd only after link-up, by the dhcp child). When the netdev has
/// no IPv4 address yet, one lease is taken with the same supervised udhcpc `up` uses (lease learned, nothing
/// configured by the client), its address put on the netdev, and the client stopped without releasing: the
/// dhcp child (netifd) or `up`'s own client later get the same lease and take the address over (`replace`).
/// The API host is the lease's router (the stick: 192.168.8.1 by default).
/// </summary>
public sealed class HiLinkLan(string dev, string stateDir, IpCommand ip, Action<string> log)
{
    public static readonly IPAddress DefaultRouter = IPAddress.Parse("192.168.8.1");

    /// <summary>The stick's address: from the route or lease found, else <see cref="DefaultRouter"/>.</summary>
    public IPAddress Router { get; private set; } = DefaultRouter;

    public async Task EnsureAsync(TimeSpan bound, CancellationToken ct)
    {
        var (_, addresses, _) = await ip.CaptureAsync(ct, "-4", "-o", "addr", "show", "dev", dev).ConfigureAwait(false);
        if (addresses.Contains(" inet ", StringComparison.Ordinal))
        {
            var (_, routes, _) = await ip.CaptureAsync(ct, "-4", "route", "show", "default", "dev", dev).ConfigureAwait(false);
            var words = routes.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var via = Array.IndexOf(words, "via");
            if (via >= 0 && via + 1 < words.Length && IPAddress.TryParse(words[via + 1], out var gw)) Router = gw;
            return;
        }
        await ip.RunAsync(ct, "link", "set", "dev", dev, "up").ConfigureAwait(false);
        var child = new DhcpChild(DhcpFlavor.Udhcpc(), dev, stateDir, ip.Netns, log);
        try
        {
            var lease = await child.StartAsync(bound, ct).ConfigureAwait(false);
            await ip.RunAsync(ct, "-4", "addr", "replace", $"{lease.Address}/{lease.PrefixLength}", "dev", dev).ConfigureAwait(false);
            if (lease.Gateway is { } g && IPAddress.TryParse(g, out var router)) Router = router;
            log($"hilink: {dev} has {lease.Address}/{lease.PrefixLength} from the stick's DHCP for its web API at {Router}");
        }
        finally
        {
            await child.DisposeAsync().ConfigureAwait(false);
        }
    }
}
