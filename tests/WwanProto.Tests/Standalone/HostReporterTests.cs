using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Standalone;

public sealed class HostReporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("host-reporter-").FullName;
    private readonly TestNetns _ns = new();

    public void Dispose()
    {
        _ns.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private HostReporter Reporter(InterfaceOptions options) =>
        new("wan", options, new HostReporterSettings(Path.Combine(_dir, "wan.status.json"), Path.Combine(_dir, "resolv", "huaweiwwan-wan")) { Netns = _ns.Name }, TextWriter.Null);

    private static LinkUp Link(int? mtu = 1480) => new("wwan0",
        new IpConfig("10.64.12.6", 30, "10.64.12.5", ["10.11.12.13", "10.11.12.14"], mtu), null, false, false,
        new ModemStatus { Manufacturer = "huawei", Model = "E3372", Operator = "SimNet", Rat = "LTE", SignalDbm = -71, Imei = "861234567890123", State = "connected" });

    [Fact]
    public async Task Dhcp_without_a_server_fails_with_no_ipaddr_naming_the_device()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var state = Path.Combine(_dir, "state");
        await using var reporter = new HostReporter("wan", new InterfaceOptions { Dhcp = true },
            new HostReporterSettings(Path.Combine(_dir, "wan.status.json"), Path.Combine(_dir, "resolv", "huaweiwwan-wan")) { Netns = _ns.Name, StateDir = state },
            TextWriter.Null);
        var e = await Assert.ThrowsAsync<SessionException>(() => reporter.LinkUpAsync(Link() with { Ipv4 = null, Dhcp = true }, bound.Token));
        Assert.Equal(ErrorCodes.NoIpAddr, e.Error.Code);
        Assert.False(e.Error.Fatal);
        Assert.Contains("wwan0", e.Error.Message);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(state, "dhcp-wwan0.sh")));
        Assert.DoesNotContain("inet ", _ns.Ip("-4", "addr", "show", "dev", "wwan0"));
    }

    [Fact]
    public async Task Configures_address_route_mtu_and_dns_then_removes_them_on_loss_and_exit()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reporter = Reporter(new InterfaceOptions { Metric = 20 });
        await reporter.LinkUpAsync(Link(), bound.Token);

        var addr = _ns.Ip("-4", "addr", "show", "dev", "wwan0");
        Assert.Contains("inet 10.64.12.6/30", addr);
        Assert.Contains("mtu 1480", _ns.Ip("link", "show", "dev", "wwan0"));
        var routes = _ns.Ip("-4", "route", "show");
        Assert.Contains("default via 10.64.12.5 dev wwan0", routes);
        Assert.Contains("metric 20", routes);
        Assert.Equal("nameserver 10.11.12.13\nnameserver 10.11.12.14\n",
            string.Concat(File.ReadAllLines(Path.Combine(_dir, "resolv", "huaweiwwan-wan")).Where(l => !l.StartsWith('#')).Select(l => l + "\n")));

        var status = StatusFile.Read(Path.Combine(_dir, "wan.status.json"))!;
        Assert.Equal("connected", status.Modem.State);
        Assert.Equal("wwan0", status.Ifname);
        Assert.Equal("10.64.12.6", status.Ipv4!.Address);
        Assert.Equal(-71, status.Modem.SignalDbm);
        Assert.NotNull(status.Modem.ConnectedSince);

        await reporter.LinkDownAsync("^NDISSTAT:0,36 (network drop)", bound.Token);
        Assert.DoesNotContain("10.64.12.6", _ns.Ip("-4", "addr", "show", "dev", "wwan0"));
        Assert.DoesNotContain("default", _ns.Ip("-4", "route", "show"));
        Assert.False(File.Exists(Path.Combine(_dir, "resolv", "huaweiwwan-wan")));
        status = StatusFile.Read(Path.Combine(_dir, "wan.status.json"))!;
        Assert.Equal("reconnecting", status.Modem.State);
        Assert.Null(status.Ipv4);

        await reporter.LinkUpAsync(Link(), bound.Token);
        Assert.Contains("inet 10.64.12.6/30", _ns.Ip("-4", "addr", "show", "dev", "wwan0"));
        await reporter.DisposeAsync();
        Assert.DoesNotContain("10.64.12.6", _ns.Ip("-4", "addr", "show", "dev", "wwan0"));
        Assert.False(File.Exists(Path.Combine(_dir, "wan.status.json")));
    }

    [Fact]
    public async Task Defaultroute_and_peerdns_off_leave_routes_and_dns_alone()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var reporter = Reporter(new InterfaceOptions { DefaultRoute = false, PeerDns = false });
        await reporter.LinkUpAsync(Link(mtu: null), bound.Token);
        Assert.Contains("inet 10.64.12.6/30", _ns.Ip("-4", "addr", "show", "dev", "wwan0"));
        Assert.DoesNotContain("default", _ns.Ip("-4", "route", "show"));
        Assert.False(File.Exists(Path.Combine(_dir, "resolv", "huaweiwwan-wan")));
    }

    [Fact]
    public void Status_json_round_trips()
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-3);
        var status = new StandaloneStatus
        {
            Iface = "wan", Pid = 42, Updated = since.AddMinutes(3), Ifname = "wwan0",
            Ipv4 = new IpConfig("10.0.0.2", 30, "10.0.0.1", ["1.1.1.1"], 1500),
            Modem = new ModemStatus { State = "connected", Operator = "Op \"quoted\"", Rat = "LTE", SignalDbm = -80, ConnectedSince = since, Reconnects = 2 },
        };
        var json = StatusFile.ToJson(status, indented: true);
        var back = StatusFile.Parse(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal("Op \"quoted\"", back.Modem.Operator);
        Assert.Equal(-80, back.Modem.SignalDbm);
        Assert.Equal(2, back.Modem.Reconnects);
        Assert.Equal("10.0.0.1", back.Ipv4!.Gateway);
        Assert.Equal(["1.1.1.1"], back.Ipv4.Dns);
        Assert.Contains("\"uptime\": 180", json);
    }
}
