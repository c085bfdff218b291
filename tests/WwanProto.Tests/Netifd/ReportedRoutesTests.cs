using System.Text.Json;
using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// Issue 11 defect 6: the routes netifd gets from us are the routes OpenWrt's own scripts would report for the
/// same addressing, so multi-WAN setups (mwan3) see the same thing whichever handler runs:
/// <list type="bullet">
/// <item>static IPv4 (^DHCP) as dhcp.script reports a lease: per router, a /32 host route to it when it lies outside
/// the lease's subnet, then `proto_add_ipv4_route 0.0.0.0 0 "$router" "$ip"`, both with the address as source;</item>
/// <item>static IPv6 (^DHCPV6) as dhcpv6.script reports a default route with sourcefilter on (the default): the
/// address/prefix as source; with sourcefilter off, none;</item>
/// <item>PPP as ppp-up reports it: `proto_add_ipv4_route 0.0.0.0 0 "$IPREMOTE"`, no source.</item>
/// </list>
/// The expected arrays are what netifd-proto.sh's _proto_push_route builds from those calls (target, netmask,
/// gateway if set, source if set), compared JSON-exact on what the ubusd double received.
/// </summary>
public sealed class ReportedRoutesTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly string _root = Directory.CreateTempSubdirectory("routes-").FullName;
    private SystemPaths Paths => new(_root, _root, Path.Combine(_root, "state"), _root);

    private static ModemStatus Status => new() { Imei = "861821035707675", ControlPort = "/dev/ttyUSB2", LinkType = "ncm", State = "connected" };

    private async Task<JsonElement> LinkUpAsync(IpConfig? v4, IpConfig? v6, InterfaceOptions? options = null)
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        await using (var reporter = new NetifdReporter("wan", options ?? new InterfaceOptions(), Paths, null, ubusd.SocketPath))
        {
            using var cts = new CancellationTokenSource(Bound);
            await reporter.LinkUpAsync(new LinkUp("wwan0", v4, v6, false, false, Status), cts.Token);
        }
        return Assert.Single(ubusd.Notifications("wan")).Root;
    }

    private static string Raw(JsonElement message, string name) => message.GetProperty(name).GetRawText();

    [Fact]
    public async Task Static_ipv4_default_route_carries_the_address_as_source_like_dhcp_script()
    {
        var up = await LinkUpAsync(new IpConfig("10.1.2.3", 30, "10.1.2.1", ["10.1.2.1"]), null);
        // dhcp.script, ip=10.1.2.3 mask=30 router=10.1.2.1: the router is on the subnet, so only the default route.
        Assert.Equal("""[{"target":"0.0.0.0","netmask":"0","gateway":"10.1.2.1","source":"10.1.2.3"}]""", Raw(up, "routes"));
    }

    [Fact]
    public async Task A_gateway_outside_the_subnet_gets_dhcp_scripts_host_route_first()
    {
        var up = await LinkUpAsync(new IpConfig("100.64.7.9", 32, "100.64.7.1", []), null);
        Assert.Equal("""[{"target":"100.64.7.1","netmask":"32","source":"100.64.7.9"},"""
                     + """{"target":"0.0.0.0","netmask":"0","gateway":"100.64.7.1","source":"100.64.7.9"}]""", Raw(up, "routes"));
    }

    [Fact]
    public async Task Static_ipv6_default_route_is_source_filtered_like_dhcpv6_script_unless_sourcefilter_is_off()
    {
        var v6 = new IpConfig("2001:db8:5::2", 64, "fe80::1", []);
        var up = await LinkUpAsync(null, v6);
        Assert.Equal("""[{"target":"::","netmask":"0","gateway":"fe80::1","source":"2001:db8:5::2/64"}]""", Raw(up, "routes6"));
        var off = await LinkUpAsync(null, v6, new InterfaceOptions { SourceFilter = false });
        Assert.Equal("""[{"target":"::","netmask":"0","gateway":"fe80::1"}]""", Raw(off, "routes6"));
    }

    [Fact]
    public async Task No_routes_at_all_with_defaultroute_off()
    {
        var up = await LinkUpAsync(new IpConfig("100.64.7.9", 32, "100.64.7.1", []), new IpConfig("2001:db8:5::2", 64, "fe80::1", []),
            new InterfaceOptions { DefaultRoute = false });
        Assert.False(up.TryGetProperty("routes", out _));
        Assert.False(up.TryGetProperty("routes6", out _));
    }

    [Fact]
    public void Ppp_up_reports_the_default_route_via_the_peer_without_source_like_ppp_up()
    {
        string? Env(string name) => name switch { "IPLOCAL" => "10.64.64.64", "IPREMOTE" => "10.64.64.65", _ => null };
        var update = PppHooks.UpUpdate("3g-wan", ["3g-wan", "/dev/ttyUSB0", "115200", "10.64.64.64", "10.64.64.65", "wan"], Env, new InterfaceOptions(), null)!;
        var message = JsonDocument.Parse(BlobmsgJson.ToJson(NotifyMessages.Update("wan", update))).RootElement;
        Assert.Equal("""[{"target":"0.0.0.0","netmask":"0","gateway":"10.64.64.65"}]""", Raw(message, "routes"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
