using System.Text.Json;
using WwanProto.Core.Ubus;
using WwanProto.ModemSim;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// Issue 11 defect 2: `ubus call huaweiwwan.wan status` under netifd carries the addresses netifd was told
/// (it showed "ipv4": null while connected), and the new ones after the session reconnected in place.
/// The real `huaweiwwan session` as the proto task, the sim, LuCI's call through the ubusd double.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdStatusObjectFlowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static bool LinkUp(RecordedCall c, bool up) =>
        c.Action == 0 && c.Root.TryGetProperty("link-up", out var l) && l.GetBoolean() == up;

    [Fact]
    public async Task Status_while_connected_carries_the_reported_addresses_also_after_a_reconnect()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions()).WaitAsync(Bound);
        var env = NetifdSessionFlowTests.SimEnv(sim);
        var setup = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""", env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")));
        await using var luci = await UbusConnection.ConnectAsync(ubusd.SocketPath);

        var calls = await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        var first = calls.First(x => LinkUp(x, true)).Root;
        await AssertStatusShowsAsync(luci, first);

        sim.DropNetwork();
        calls = await ubusd.WaitForAsync(c => c.SkipWhile(x => !LinkUp(x, false)).Skip(1).Any(x => LinkUp(x, true)), Bound);
        var again = calls.SkipWhile(x => !LinkUp(x, false)).First(x => LinkUp(x, true)).Root;
        await AssertStatusShowsAsync(luci, again);

        ubusd.SetTearingDown("wan", true);
        Assert.Equal(0, (await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env)).Exit);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(Bound));
    }

    /// <summary>Polls until the session says connected (it reports link-up first), then compares with the link-up netifd got.</summary>
    private static async Task AssertStatusShowsAsync(UbusConnection luci, JsonElement linkUp)
    {
        JsonElement status;
        using var wait = new CancellationTokenSource(Bound);
        while (true)
        {
            status = JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "status", BlobmsgJson.FromJson("{}"))).ToJson()).RootElement;
            if (status.GetProperty("state").GetString() == "connected") break;
            await Task.Delay(50, wait.Token);
        }
        var ipaddr = linkUp.GetProperty("ipaddr")[0];
        var ipv4 = status.GetProperty("ipv4");
        Assert.True(ipv4.ValueKind == JsonValueKind.Object, status.ToString());
        Assert.Equal(ipaddr.GetProperty("ipaddr").GetString(), ipv4.GetProperty("address").GetString());
        Assert.Equal(ipaddr.GetProperty("mask").GetString(), ipv4.GetProperty("prefix").GetInt32().ToString());
        Assert.Equal(linkUp.GetProperty("routes")[0].GetProperty("gateway").GetString(), ipv4.GetProperty("gateway").GetString());
        Assert.Equal(linkUp.GetProperty("ifname").GetString(), status.GetProperty("ifname").GetString());
        if (linkUp.TryGetProperty("ip6addr", out var ip6addr))
            Assert.Equal(ip6addr[0].GetProperty("ipaddr").GetString(), status.GetProperty("ipv6").GetProperty("address").GetString());
    }
}
