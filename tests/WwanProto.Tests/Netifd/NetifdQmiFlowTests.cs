using WwanProto.ModemSim;
using WwanProto.ModemSim.Engine;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// netifd flows on the E392 in QMI mode (field report 4): the shim, the real `huaweiwwan session` as the proto task,
/// the simulator's QMI engine on cdc-wdm0. Mirrors the NCM flows: success with the current-settings address, wrong
/// PIN, a call left up from before, a network drop, teardown that ends the call within netifd's 5 s.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdQmiFlowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NetifdKillDelay = TimeSpan.FromSeconds(5);

    private static bool LinkUp(RecordedCall c, bool up) =>
        c.Action == 0 && c.Root.TryGetProperty("link-up", out var l) && l.GetBoolean() == up;

    private static SimOptions E392(bool stale = false, SimCardOptions? card = null) => new()
    {
        Profile = "e392", StaleSession = stale, Card = card ?? new SimCardOptions(),
        RegistrationDelay = TimeSpan.FromMilliseconds(100), NdisConnectDelay = TimeSpan.FromMilliseconds(100),
    };

    private static async Task<NetifdProtoTask> StartAsync(UbusdDouble ubusd, NetifdHarness netifd, SimulatedModem sim, string json)
    {
        var setup = await netifd.ActionAsync("setup", "wan", json, NetifdSessionFlowTests.SimEnv(sim));
        Assert.True(setup.Exit == 0, setup.Stderr);
        return NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")));
    }

    /// <summary>Teardown, SIGTERM; the task must be gone within netifd's 5 s and the modem must show no call.</summary>
    private static async Task TeardownAsync(UbusdDouble ubusd, NetifdHarness netifd, SimulatedModem sim, NetifdProtoTask task)
    {
        ubusd.SetTearingDown("wan", true);
        var teardown = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", NetifdSessionFlowTests.SimEnv(sim));
        Assert.True(teardown.Exit == 0, teardown.Stderr);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(NetifdKillDelay));
        Assert.Equal(0u, sim.QmiHandle);
        Assert.Contains(sim.QmiLog, l => l.StartsWith("WDS Stop Network", StringComparison.Ordinal));
        Assert.Empty(sim.QmiClients);
    }

    [Fact]
    public async Task Qmi_success_with_the_current_settings_address_then_teardown_stops_the_call()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(E392()).WaitAsync(Bound);
        await using var task = await StartAsync(ubusd, netifd, sim, """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""");
        var calls = await ubusd.WaitForAsync(c => c.Any(x => x.Action == 0 || x.Action == 3), Bound);
        var up = calls.Single(x => x.Action == 0).Root;
        Assert.True(up.GetProperty("link-up").GetBoolean());
        Assert.Equal("wwan0", up.GetProperty("ifname").GetString());
        Assert.Equal(sim.Addresses.Client.ToString(), up.GetProperty("ipaddr")[0].GetProperty("ipaddr").GetString());
        var data = up.GetProperty("data");
        Assert.Equal(sim.Imei, data.GetProperty("imei").GetString());
        Assert.Contains("WDS Start Network (cid 1)", sim.QmiLog);
        Assert.DoesNotContain(sim.CommandLog, c => c.StartsWith("AT^NDISDUP", StringComparison.Ordinal));
        await TeardownAsync(ubusd, netifd, sim, task);
    }

    [Fact]
    public async Task Qmi_dual_stack_reports_the_ipv6_address_route_and_dns_and_teardown_stops_both_calls()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(E392()).WaitAsync(Bound);
        await using var task = await StartAsync(ubusd, netifd, sim, """{"proto":"huaweiwwan","apn":"internet","device":"1-1","pdptype":"IPV4V6"}""");
        var calls = await ubusd.WaitForAsync(c => c.Any(x => x.Action == 0 || x.Action == 3), Bound);
        var up = calls.Single(x => x.Action == 0).Root;
        Assert.True(up.GetProperty("link-up").GetBoolean());
        Assert.Equal(sim.Addresses.Client.ToString(), up.GetProperty("ipaddr")[0].GetProperty("ipaddr").GetString());
        Assert.Equal(sim.Addresses.Ipv6Client, up.GetProperty("ip6addr")[0].GetProperty("ipaddr").GetString());
        Assert.Equal("64", up.GetProperty("ip6addr")[0].GetProperty("mask").GetString());
        Assert.Equal(sim.Addresses.Ipv6Dns, up.GetProperty("routes6")[0].GetProperty("gateway").GetString());
        Assert.Contains(sim.Addresses.Ipv6Dns, up.GetProperty("dns").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEqual(0u, sim.QmiHandle6);
        await TeardownAsync(ubusd, netifd, sim, task);
        // The modem ends the IPv6 call a moment after it answered Stop Network (as it does the IPv4 one).
        Assert.Contains("WDS Stop Network (cid 2)", sim.QmiLog);
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            while (sim.QmiHandle6 != 0 && !bound.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);
        Assert.True(sim.QmiHandle6 == 0, string.Join("\n", sim.QmiLog) + "\n" + await task.StderrAsync());
    }

    [Fact]
    public async Task Wrong_pin_is_pin_failed_and_sent_once()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(E392(card: new SimCardOptions { State = "pin", Pin = "1234" })).WaitAsync(Bound);
        await using var task = await StartAsync(ubusd, netifd, sim, """{"proto":"huaweiwwan","apn":"internet","pincode":"4321"}""");
        Assert.NotEqual(0, await task.ExitAsync(Bound));
        Assert.Equal([1, 3, 4], ubusd.Notifications("wan").Select(c => c.Action).ToList());
        Assert.Equal("PIN_FAILED", ubusd.Notifications("wan")[1].Root.GetProperty("error")[0].GetString());
        Assert.Single(sim.QmiLog, l => l.StartsWith("DMS UIM Verify PIN", StringComparison.Ordinal));
        Assert.DoesNotContain("4321", await task.StderrAsync());
    }

    [Fact]
    public async Task A_call_left_up_from_before_comes_online_without_an_error_and_a_drop_reconnects_in_place()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(E392(stale: true)).WaitAsync(Bound);
        await using var task = await StartAsync(ubusd, netifd, sim, """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""");
        await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        Assert.DoesNotContain(ubusd.Notifications("wan"), c => c.Action == 3);

        var startsBefore = sim.QmiLog.Count(l => l.StartsWith("WDS Start Network", StringComparison.Ordinal));
        sim.DropNetwork(38);
        var calls = await ubusd.WaitForAsync(c => c.SkipWhile(x => !LinkUp(x, false)).Skip(1).Any(x => LinkUp(x, true)), Bound);
        var notifies = calls.Where(c => c.Object == "network.interface.wan" && c.Method == "notify_proto").ToList();
        Assert.DoesNotContain(notifies, c => c.Action == 4);
        Assert.False(task.HasExited);
        Assert.True(sim.QmiLog.Count(l => l.StartsWith("WDS Start Network", StringComparison.Ordinal)) > startsBefore);
        Assert.Equal(NdisState.Connected, sim.NdisState);
        await TeardownAsync(ubusd, netifd, sim, task);
    }
}
