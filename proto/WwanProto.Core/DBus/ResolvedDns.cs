using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Tmds.DBus.Protocol;

namespace WwanProto.Core.DBus;

/// <summary>
/// systemd-resolved (org.freedesktop.resolve1.Manager) per link: SetLinkDNS and SetLinkDomains by the
/// netdev's ifindex, SetLinkDefaultRoute when option defaultroute is on (the link then answers every name:
/// routing domain "~."), RevertLink when the link goes and at exit. A failed call is a warning, not fatal:
/// the link works without DNS going through resolved.
/// </summary>
public sealed class ResolvedDns(SystemBus bus, bool defaultRoute, Action<string> log) : IDnsTarget
{
    public const string Service = "org.freedesktop.resolve1";
    private const string Path = "/org/freedesktop/resolve1", Manager = "org.freedesktop.resolve1.Manager";
    private const int AfInet = 2, AfInet6 = 10;
    private int? _ifindex;

    public string Description => "systemd-resolved";

    public async Task ApplyAsync(string dev, IReadOnlyList<string> servers, CancellationToken ct)
    {
        if (Ifindex(dev) is not { } ifindex)
        {
            log($"warning: systemd-resolved not told the DNS servers of {dev}: the device has no ifindex (gone?)");
            return;
        }
        _ifindex = ifindex;
        var addresses = servers.Select(s => IPAddress.TryParse(s, out var a) ? a : null).OfType<IPAddress>().ToArray();
        var what = $"systemd-resolved did not take the DNS servers of {dev}";
        if (!await bus.TryCallAsync(Service, Path, Manager, "SetLinkDNS", "ia(iay)", (ref MessageWriter w) =>
            {
                w.WriteInt32(ifindex);
                var array = w.WriteArrayStart(DBusType.Struct);
                foreach (var a in addresses)
                {
                    w.WriteStructureStart();
                    w.WriteInt32(a.AddressFamily == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet);
                    w.WriteArray(a.GetAddressBytes());
                }
                w.WriteArrayEnd(array);
            }, what).ConfigureAwait(false)) return;
        if (!await bus.TryCallAsync(Service, Path, Manager, "SetLinkDomains", "ia(sb)", (ref MessageWriter w) =>
            {
                w.WriteInt32(ifindex);
                var array = w.WriteArrayStart(DBusType.Struct);
                if (defaultRoute)
                {
                    // "~." is the routing-only root domain: every name may be looked up over this link.
                    w.WriteStructureStart();
                    w.WriteString("~.");
                    w.WriteBool(true);
                }
                w.WriteArrayEnd(array);
            }, what).ConfigureAwait(false)) return;
        await bus.TryCallAsync(Service, Path, Manager, "SetLinkDefaultRoute", "ib", (ref MessageWriter w) => { w.WriteInt32(ifindex); w.WriteBool(defaultRoute); }, what)
            .ConfigureAwait(false);
    }

    public async Task RemoveAsync(CancellationToken ct)
    {
        if (_ifindex is not { } ifindex) return;
        _ifindex = null;
        await bus.TryCallAsync(Service, Path, Manager, "RevertLink", "i", (ref MessageWriter w) => w.WriteInt32(ifindex), $"systemd-resolved: RevertLink({ifindex}) failed")
            .ConfigureAwait(false);
    }

    /// <summary>The netdev's index in this network namespace (/sys/class/net is the namespace's own); null when it is gone.</summary>
    private static int? Ifindex(string dev)
    {
        try
        {
            return int.Parse(File.ReadAllText($"/sys/class/net/{dev}/ifindex").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
