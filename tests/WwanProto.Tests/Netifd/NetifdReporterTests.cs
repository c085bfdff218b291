using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

public sealed class NetifdReporterTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly string _root = Directory.CreateTempSubdirectory("reporter-").FullName;
    private SystemPaths Paths => new(_root, _root, Path.Combine(_root, "state"), _root);
    private readonly List<string> _log = [];

    private NetifdReporter Reporter(UbusdDouble ubusd, InterfaceOptions? options = null, string? zone = null) =>
        new("wan", options ?? new InterfaceOptions(), Paths, zone, ubusd.SocketPath, l => { lock (_log) _log.Add(l); });

    private static ModemStatus Status => new() { Imei = "861821035707675", ControlPort = "/dev/ttyUSB2", LinkType = "ncm", State = "connected" };

    [Fact]
    public async Task Static_link_up_reports_addresses_routes_dns_and_data()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        await using var r = Reporter(ubusd);
        using var cts = new CancellationTokenSource(Bound);
        await r.LinkUpAsync(new LinkUp("wwan0", new IpConfig("10.1.2.3", 30, "10.1.2.1", ["10.1.2.1"]), new IpConfig("2001:db8::1", 64, "fe80::1", []), false, false, Status), cts.Token);
        var up = Assert.Single(ubusd.Notifications("wan")).Root;
        Assert.Equal("10.1.2.3", up.GetProperty("ipaddr")[0].GetProperty("ipaddr").GetString());
        Assert.Equal("2001:db8::1", up.GetProperty("ip6addr")[0].GetProperty("ipaddr").GetString());
        Assert.Equal("861821035707675", up.GetProperty("data").GetProperty("imei").GetString());
        Assert.DoesNotContain(ubusd.Calls, c => c.Method == "add_dynamic");
        Assert.Equal(new LinkState("/dev/ttyUSB2", "ncm", 1, true), LinkState.Read(Paths, "wan"));
    }

    [Fact]
    public async Task Dhcp_link_up_brings_the_device_up_and_adds_children()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        await using var r = Reporter(ubusd, new InterfaceOptions { Dhcp = true, Dhcpv6 = true, Metric = 5, Delegate = false }, zone: "wan");
        using var cts = new CancellationTokenSource(Bound);
        await r.LinkUpAsync(new LinkUp("wwan0", new IpConfig("10.1.2.3", 30, "10.1.2.1", []), null, true, true, Status), cts.Token);
        var calls = ubusd.Calls;
        Assert.Equal(["notify_proto", "add_dynamic", "add_dynamic"], calls.Select(c => c.Method));
        var up = calls[0].Root;
        Assert.True(up.GetProperty("link-up").GetBoolean());
        Assert.Equal("wwan0", up.GetProperty("ifname").GetString());
        Assert.False(up.TryGetProperty("ipaddr", out _)); // the dhcp child configures IPv4
        Assert.Equal("""{"name":"wan_4","ifname":"@wan","proto":"dhcp","zone":"wan","defaultroute":true,"peerdns":true,"metric":5}""", calls[1].Json);
        Assert.Equal("""{"name":"wan_6","ifname":"@wan","proto":"dhcpv6","zone":"wan","defaultroute":true,"peerdns":true,"metric":5,"extendprefix":"1","delegate":false}""", calls[2].Json);
    }

    [Fact]
    public async Task Loss_and_recovery_send_link_up_false_then_true_and_children_again()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        await using var r = Reporter(ubusd, new InterfaceOptions { Dhcp = true });
        using var cts = new CancellationTokenSource(Bound);
        var link = new LinkUp("wwan0", null, null, true, false, Status);
        await r.LinkUpAsync(link, cts.Token);
        await r.LinkDownAsync("^NDISSTAT:0", cts.Token);
        Assert.False(LinkState.Read(Paths, "wan")!.Connected);
        await r.LinkUpAsync(link, cts.Token);
        var calls = ubusd.Calls;
        Assert.Equal(["notify_proto", "add_dynamic", "notify_proto", "notify_proto", "add_dynamic"], calls.Select(c => c.Method));
        Assert.False(calls[2].Root.GetProperty("link-up").GetBoolean());
    }

    [Fact]
    public async Task Fatal_errors_block_restart_transient_ones_do_not()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        await using var r = Reporter(ubusd);
        using var cts = new CancellationTokenSource(Bound);
        await r.ErrorAsync(new SessionError(ErrorCodes.NetworkRegistrationFailed, "no network within 60 s"), cts.Token);
        await r.ErrorAsync(new SessionError(ErrorCodes.PinFailed, "AT+CPIN answered +CME ERROR: 16", Fatal: true), cts.Token);
        var calls = ubusd.Notifications("wan");
        Assert.Equal([3, 3, 4], calls.Select(c => c.Action));
        Assert.Equal(["PIN_FAILED", "AT+CPIN answered +CME ERROR: 16"], calls[1].Root.GetProperty("error").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Refusals_during_teardown_are_logged_not_thrown()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        await using var r = Reporter(ubusd);
        ubusd.SetTearingDown("wan", true);
        using var cts = new CancellationTokenSource(Bound);
        await r.LinkDownAsync("stopping", cts.Token);
        var calls = ubusd.Notifications("wan");
        Assert.Equal(Core.Ubus.UbusStatus.PermissionDenied, Assert.Single(calls).Answer);
        lock (_log) Assert.Contains(_log, l => l.Contains("torn down"));

        // netifd takes errors and block-restart during teardown (proto-shell.c refuses only updates and commands).
        await r.ErrorAsync(new SessionError(ErrorCodes.PinFailed, "x", Fatal: true), cts.Token);
        calls = ubusd.Notifications("wan");
        Assert.Equal([0, 3, 4], calls.Select(c => c.Action));
        Assert.All(calls.Skip(1), c => Assert.Equal(Core.Ubus.UbusStatus.Ok, c.Answer));
    }

    [Fact]
    public async Task Without_ubusd_the_session_is_not_disturbed()
    {
        var r = new NetifdReporter("wan", new InterfaceOptions(), Paths, null, Path.Combine(_root, "no.sock"), l => { lock (_log) _log.Add(l); });
        await using var _ = r;
        using var cts = new CancellationTokenSource(Bound);
        await r.LinkDownAsync("x", cts.Token);
        lock (_log) Assert.Contains(_log, l => l.Contains("CONNECTION_FAILED"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
