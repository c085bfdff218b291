using System.Text.Json;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>Our builders against the payloads netifd-observed.md saw on the bus (same bytes as the CLI would send).</summary>
public sealed class NotifyMessagesTests
{
    private static string Hex(byte[] b) => Convert.ToHexString(b);

    [Fact]
    public void Run_command_kill_error_block_match_the_observed_payloads()
    {
        Assert.Equal(Hex(BlobmsgJson.FromJson("""{"action":1,"command":["sleep","3600"],"env":["TOY_IFACE=wan2"],"interface":"wan2"}""")),
            Hex(NotifyMessages.RunCommand("wan2", ["sleep", "3600"], ["TOY_IFACE=wan2"])));
        Assert.Equal(Hex(BlobmsgJson.FromJson("""{"action":2,"interface":"wan2"}""")), Hex(NotifyMessages.Kill("wan2")));
        Assert.Equal(Hex(BlobmsgJson.FromJson("""{"action":3,"error":["NO_IPADDR"],"interface":"wan"}""")), Hex(NotifyMessages.Error("wan", "NO_IPADDR", [])));
        Assert.Equal(Hex(BlobmsgJson.FromJson("""{"action":4,"interface":"wan"}""")), Hex(NotifyMessages.BlockRestart("wan")));
        Assert.Equal(Hex(BlobmsgJson.FromJson("""{"action":5,"available":false,"interface":"wan"}""")), Hex(NotifyMessages.Available("wan", false)));
        Assert.Equal(Hex(BlobmsgJson.FromJson("""{"action":7,"interface":"wan"}""")), Hex(NotifyMessages.SetupFailed("wan")));
    }

    [Fact]
    public void Link_up_carries_what_netifd_applies()
    {
        var status = new ModemStatus { Imei = "861821035707675", Model = "E3372", Operator = "Telekom", Rat = "LTE", SignalDbm = -71, SimState = "ready" };
        var msg = NotifyMessages.Update("wan", new NotifyUpdate("wwan0", true)
        {
            Ipv4 = new IpConfig("10.99.0.2", 30, "10.99.0.1", ["10.99.0.1", "9.9.9.9"]),
            Ipv6 = new IpConfig("2001:db8::2", 64, "fe80::1", ["2001:db8::53"]),
            Status = status,
        });
        var r = JsonDocument.Parse(BlobmsgJson.ToJson(msg)).RootElement;
        Assert.Equal(0, r.GetProperty("action").GetInt32());
        Assert.Equal("wwan0", r.GetProperty("ifname").GetString());
        Assert.True(r.GetProperty("link-up").GetBoolean());
        Assert.Equal("30", r.GetProperty("ipaddr")[0].GetProperty("mask").GetString());
        Assert.Equal("64", r.GetProperty("ip6addr")[0].GetProperty("mask").GetString());
        Assert.Equal("10.99.0.1", r.GetProperty("routes")[0].GetProperty("gateway").GetString());
        Assert.Equal("::", r.GetProperty("routes6")[0].GetProperty("target").GetString());
        Assert.Equal(["10.99.0.1", "9.9.9.9", "2001:db8::53"], r.GetProperty("dns").EnumerateArray().Select(e => e.GetString()));
        var data = r.GetProperty("data");
        Assert.Equal("861821035707675", data.GetProperty("imei").GetString());
        Assert.Equal(-71, data.GetProperty("signal").GetInt32());
        Assert.Equal("ready", data.GetProperty("sim_state").GetString());
        Assert.False(r.GetProperty("keep").GetBoolean());
        Assert.Equal("wan", r.GetProperty("interface").GetString());
        var types = BlobAttr.Parse(msg).ToDictionary(a => a.Name, a => a.Type);
        Assert.Equal(BlobmsgType.Int32, types["action"]);
        Assert.Equal(BlobmsgType.Int8, types["link-up"]);
    }

    [Fact]
    public void No_default_route_and_no_peer_dns_when_disabled()
    {
        var msg = NotifyMessages.Update("wan", new NotifyUpdate("wwan0", true)
        {
            Ipv4 = new IpConfig("10.0.0.2", 30, "10.0.0.1", ["10.0.0.1"]),
            DefaultRoute = false,
            PeerDns = false,
        });
        var r = JsonDocument.Parse(BlobmsgJson.ToJson(msg)).RootElement;
        Assert.False(r.TryGetProperty("routes", out _));
        Assert.False(r.TryGetProperty("dns", out _));
    }

    [Fact]
    public void Link_down_is_link_up_false_and_nothing_else()
    {
        Assert.Equal("""{"action":0,"link-up":false,"keep":false,"interface":"wan"}""",
            BlobmsgJson.ToJson(NotifyMessages.Update("wan", new NotifyUpdate(null, false))));
    }

    [Fact]
    public void Dynamic_children_match_the_qmi_and_ncm_handlers()
    {
        var v4 = NotifyMessages.AddDynamic(new DynamicChild("wan_4", "wan", "dhcp") { DefaultRoute = true, Metric = 10 });
        Assert.Equal("""{"name":"wan_4","ifname":"@wan","proto":"dhcp","defaultroute":true,"metric":10}""", BlobmsgJson.ToJson(v4));
        // Byte-identical to the recorded `ubus call network add_dynamic` (add-dynamic.txt).
        Assert.Equal(Hex(BlobmsgJson.FromJson("""{"name":"wan_4","ifname":"@wan","proto":"dhcp","defaultroute":true,"metric":10}""")), Hex(v4));
        var v6 = NotifyMessages.AddDynamic(new DynamicChild("wan_6", "wan", "dhcpv6") { Zone = "wan", Delegate = false, SourceFilter = false });
        Assert.Equal("""{"name":"wan_6","ifname":"@wan","proto":"dhcpv6","zone":"wan","extendprefix":"1","delegate":false,"sourcefilter":false}""", BlobmsgJson.ToJson(v6));
    }

    [Fact]
    public void Netifd_limits_are_enforced()
    {
        Assert.Throws<ArgumentException>(() => NotifyMessages.RunCommand("wan", [], []));
        Assert.Throws<ArgumentException>(() => NotifyMessages.RunCommand("wan", ["x"], Enumerable.Repeat("A=1", 31).ToList()));
        Assert.Throws<ArgumentException>(() => NotifyMessages.RunCommand("wan", Enumerable.Repeat("x", 63).ToList(), []));
        NotifyMessages.RunCommand("wan", Enumerable.Repeat("x", 62).ToList(), Enumerable.Repeat("A=1", 30).ToList());
        var many = NotifyMessages.Error("wan", "X", Enumerable.Range(0, 20).Select(i => i.ToString()));
        Assert.Equal(15, JsonDocument.Parse(BlobmsgJson.ToJson(many)).RootElement.GetProperty("error").GetArrayLength());
    }
}
