using System.Text.Json;
using WwanProto.Core.At;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;
using WwanProto.Tests.Packaging;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// rpcd's `huaweiwwan status` (via `huaweiwwan ubus-status`): a session's own object when it runs, netifd's
/// interface status (with ppp-up's `data`) while pppd runs in its place, "not running" without either.
/// </summary>
public sealed class InterfaceStatusReportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>netifd's `network.interface.wwan2 status` with a PPP link up: shape of reference/ubus-vectors/status.txt, data as ppp-up sends it.</summary>
    public const string PppUpStatus = """
        {"up":true,"pending":false,"available":true,"autostart":true,"dynamic":false,"uptime":754,"l3_device":"3g-wwan2",
         "proto":"huaweiwwan","updated":["addresses","routes","data"],"metric":0,"dns_metric":0,"delegation":true,
         "ipv4-address":[{"address":"10.64.64.64","mask":32}],"ipv6-address":[],"ipv6-prefix":[],"ipv6-prefix-assignment":[],
         "route":[{"target":"0.0.0.0","mask":0,"nexthop":"10.64.64.65","source":"0.0.0.0/0"}],
         "dns-server":["10.11.12.13"],"dns-search":[],"neighbors":[],
         "data":{"imei":"353143041234567","manufacturer":"huawei","model":"E173","firmware":"11.126.85.00.209",
                 "operator":"Vodafone.de","rat":"UMTS","signal":-79,"signal_bars":3,"sim_state":"ready","link_type":"ppp",
                 "control_port":"ttyUSB2"}}
        """;

    /// <summary>An interface netifd knows but that is down after a failed setup.</summary>
    public const string DownStatus = """
        {"up":false,"pending":false,"available":true,"autostart":false,"dynamic":false,"proto":"huaweiwwan","data":{},
         "errors":[{"subsystem":"huaweiwwan","code":"PIN_FAILED","data":["3"]}]}
        """;

    public const string LanStatus = """{"up":true,"pending":false,"available":true,"autostart":true,"dynamic":false,"uptime":900,"l3_device":"br-lan","proto":"static","data":{}}""";

    /// <summary>wan: a running session (NCM) with its object; wwan2: PPP up, no object; wwan3: down; lan: not ours.</summary>
    internal static async Task<(UbusdDouble Ubusd, UbusConnection Session)> StartAsync()
    {
        var ubusd = new UbusdDouble();
        ubusd.SetInterfaceStatus("lan", LanStatus);
        ubusd.SetInterfaceStatus("wan", LanStatus.Replace("br-lan", "wwan0").Replace("static", "huaweiwwan"));
        ubusd.SetInterfaceStatus("wwan2", PppUpStatus);
        ubusd.SetInterfaceStatus("wwan3", DownStatus);
        var session = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        var status = new ModemStatus { Manufacturer = "Huawei", Model = "E3372h-153", State = "connected", LinkType = "ncm", SignalDbm = -87, SignalBars = 4 };
        await new UbusStatusObject("wan", () => status, cmd => Task.FromResult(new AtResponse(cmd, [], AtFinal.Ok, "OK")))
            .PublishAsync(session, CancellationToken.None);
        return (ubusd, session);
    }

    /// <summary>The three cases, whoever produced <paramref name="report"/>.</summary>
    internal static void AssertThreeCases(JsonElement report)
    {
        var ifaces = report.GetProperty("interfaces");
        Assert.Equal(["wan", "wwan2", "wwan3"], ifaces.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var wan = ifaces.GetProperty("wan");
        Assert.Equal("E3372h-153", wan.GetProperty("model").GetString());
        Assert.Equal("ncm", wan.GetProperty("link_type").GetString());
        Assert.Equal("wan", wan.GetProperty("iface").GetString());
        Assert.False(wan.TryGetProperty("source", out _));

        var ppp = ifaces.GetProperty("wwan2");
        Assert.Equal("connected", ppp.GetProperty("state").GetString());
        Assert.Equal("netifd", ppp.GetProperty("source").GetString());
        Assert.Equal("ppp", ppp.GetProperty("link_type").GetString());
        Assert.Equal("huawei", ppp.GetProperty("manufacturer").GetString());
        Assert.Equal("E173", ppp.GetProperty("model").GetString());
        Assert.Equal("353143041234567", ppp.GetProperty("imei").GetString());
        Assert.Equal("Vodafone.de", ppp.GetProperty("operator").GetString());
        Assert.Equal("UMTS", ppp.GetProperty("rat").GetString());
        Assert.Equal(-79, ppp.GetProperty("signal_dbm").GetInt32());
        Assert.Equal(3, ppp.GetProperty("signal_bars").GetInt32());
        Assert.Equal("ready", ppp.GetProperty("sim_state").GetString());
        Assert.Equal(754, ppp.GetProperty("uptime").GetInt32());
        Assert.Equal("3g-wwan2", ppp.GetProperty("ifname").GetString());
        Assert.False(ppp.TryGetProperty("last_error", out _));

        var down = ifaces.GetProperty("wwan3");
        Assert.Equal("down", down.GetProperty("state").GetString());
        Assert.Equal("PIN_FAILED 3", down.GetProperty("last_error").GetString());
        Assert.Equal(JsonValueKind.Null, down.GetProperty("uptime").ValueKind);
        Assert.False(down.TryGetProperty("imei", out _));
    }

    [Fact(Timeout = 30_000)]
    public async Task All_interfaces_session_object_passed_through_PPP_link_from_netifd()
    {
        var (ubusd, session) = await StartAsync();
        await using var _ = ubusd;
        await using var __ = session;
        await using var c = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        AssertThreeCases(JsonDocument.Parse(await InterfaceStatusReport.BuildAsync(c, null, CancellationToken.None)).RootElement);
    }

    [Fact(Timeout = 30_000)]
    public async Task One_interface_PPP_from_netifd_and_unknown_interface_not_running()
    {
        var (ubusd, session) = await StartAsync();
        await using var _ = ubusd;
        await using var __ = session;
        await using var c = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);

        var one = JsonDocument.Parse(await InterfaceStatusReport.BuildAsync(c, "wwan2", CancellationToken.None)).RootElement.GetProperty("interfaces");
        Assert.Equal(["wwan2"], one.EnumerateObject().Select(p => p.Name));
        Assert.Equal("netifd", one.GetProperty("wwan2").GetProperty("source").GetString());

        var none = JsonDocument.Parse(await InterfaceStatusReport.BuildAsync(c, "nosuch", CancellationToken.None)).RootElement;
        Assert.Equal("""{"state":"not running"}""", none.GetProperty("interfaces").GetProperty("nosuch").GetRawText());
    }

    [Fact(Timeout = 30_000)]
    public async Task Without_netifd_only_session_objects_are_listed()
    {
        await using var ubusd = new UbusdDouble();
        await using var c = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        Assert.Equal("""{"interfaces":{}}""", await InterfaceStatusReport.BuildAsync(c, null, CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task Rpcd_plugin_status_call_runs_the_verb_against_ubusd()
    {
        var (ubusd, session) = await StartAsync();
        await using var _ = ubusd;
        await using var __ = session;
        var bin = Path.Combine(AppContext.BaseDirectory, "huaweiwwan");
        var plugin = RepoPaths.Of("feeds", "huaweiwwan", "files", "huaweiwwan.rpcd");
        var env = new Dictionary<string, string?> { ["HUAWEIWWAN_BIN"] = bin, ["HUAWEIWWAN_UBUS"] = ubusd.SocketPath };

        // No jsonfilter on the build host: the plugin's interface argument is empty, i.e. all interfaces.
        var r = await ProcessRunner.RunAsync("busybox", ["sh", plugin, "call", "status"], TimeSpan.FromSeconds(30), environment: env, stdin: "{}");
        Assert.True(r.ExitCode == 0, r.Stderr);
        AssertThreeCases(JsonDocument.Parse(r.Stdout).RootElement);

        var one = await ProcessRunner.RunAsync(bin, ["ubus-status", "wwan2"], TimeSpan.FromSeconds(30), environment: env);
        Assert.Equal(0, one.ExitCode);
        Assert.Equal("3g-wwan2", JsonDocument.Parse(one.Stdout).RootElement.GetProperty("interfaces").GetProperty("wwan2").GetProperty("ifname").GetString());

        var bad = await ProcessRunner.RunAsync(bin, ["ubus-status", "wan;reboot"], TimeSpan.FromSeconds(30), environment: env);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("invalid interface name 'wan;reboot'", JsonDocument.Parse(bad.Stdout).RootElement.GetProperty("error").GetString());

        var gone = Path.Combine(Path.GetTempPath(), $"no-ubus-{Guid.NewGuid():N}.sock");
        var noUbus = await ProcessRunner.RunAsync("busybox", ["sh", plugin, "call", "status"], TimeSpan.FromSeconds(30),
            environment: new Dictionary<string, string?> { ["HUAWEIWWAN_BIN"] = bin, ["HUAWEIWWAN_UBUS"] = gone }, stdin: "{}");
        Assert.Contains($"connect {gone}", JsonDocument.Parse(noUbus.Stdout).RootElement.GetProperty("error").GetString());
    }
}
