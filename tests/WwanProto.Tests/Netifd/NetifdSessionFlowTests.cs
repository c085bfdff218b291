using WwanProto.ModemSim;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// Whole netifd flows: setup through the shim, the proto task started from the recorded action 1 (the
/// real `huaweiwwan session` against the simulator), teardown through the shim, SIGTERM to the task.
/// The ubusd double records every notify in order.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdSessionFlowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    internal static Dictionary<string, string> SimEnv(SimulatedModem sim) => new()
    {
        ["HUAWEIWWAN_SYSFS"] = sim.Paths.SysRoot,
        ["HUAWEIWWAN_DEVROOT"] = sim.Paths.DevRoot,
        ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir,
    };

    [Fact]
    public async Task Ncm_success_then_teardown_and_sigterm_hang_up()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153" }).WaitAsync(Bound);
        var env = SimEnv(sim);
        var setup = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""", env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")));
        var calls = await ubusd.WaitForAsync(c => c.Any(x => x.Action == 0), Bound);
        var up = calls.Single(x => x.Action == 0).Root;
        Assert.True(up.GetProperty("link-up").GetBoolean());
        Assert.Equal(sim.NetDev, up.GetProperty("ifname").GetString());
        Assert.True(up.GetProperty("ipaddr").GetArrayLength() > 0);
        Assert.Equal(sim.Imei, up.GetProperty("data").GetProperty("imei").GetString());

        // The status object the session published answers like `status --json`.
        await using (var luci = await Core.Ubus.UbusConnection.ConnectAsync(ubusd.SocketPath))
        {
            // The link-up notify goes out while the session is still "reporting"; "connected" follows it.
            string? state = null;
            using var wait = new CancellationTokenSource(Bound);
            while (state != "connected" && !wait.IsCancellationRequested)
            {
                var status = System.Text.Json.JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "status", Core.Ubus.BlobmsgJson.FromJson("{}"))).ToJson()).RootElement;
                state = status.GetProperty("state").GetString();
                Assert.Equal(sim.Imei, status.GetProperty("imei").GetString());
                if (state != "connected") await Task.Delay(50, wait.Token);
            }
            Assert.Equal("connected", state);
        }

        // netifd: teardown (session still running: no ERROR), then SIGTERM to the proto task.
        ubusd.SetTearingDown("wan", true);
        var teardown = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env);
        Assert.Equal(0, teardown.Exit);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(Bound));
        Assert.Contains(sim.CommandLog, c => c.StartsWith("AT^NDISDUP=1,0", StringComparison.Ordinal));
        Assert.DoesNotContain(ubusd.Notifications("wan"), c => c.Answer == Core.Ubus.UbusStatus.Ok && c.Action == 0 && !c.Root.GetProperty("link-up").GetBoolean());
    }

    [Fact]
    public async Task Wrong_pin_is_reported_blocked_and_the_task_exits()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153", Card = new SimCardOptions { State = "pin", Pin = "1234" } }).WaitAsync(Bound);
        var env = SimEnv(sim);
        var setup = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"internet","pincode":"4321"}""", env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")));
        var exit = await task.ExitAsync(Bound);
        Assert.NotEqual(0, exit);
        var actions = ubusd.Notifications("wan").Select(c => c.Action).ToList();
        Assert.Equal([1, 3, 4], actions);
        Assert.Equal("PIN_FAILED", ubusd.Notifications("wan")[1].Root.GetProperty("error")[0].GetString());
        Assert.DoesNotContain("4321", await task.StderrAsync());

        // netifd then runs teardown with ERROR=<exit>; nothing to hang up, files gone.
        ubusd.SetTearingDown("wan", true);
        var teardown = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", new Dictionary<string, string>(env) { ["ERROR"] = exit.ToString() });
        Assert.Equal(0, teardown.Exit);
        Assert.Empty(Directory.GetFiles(netifd.StateDir, "wan.*"));
    }
}
