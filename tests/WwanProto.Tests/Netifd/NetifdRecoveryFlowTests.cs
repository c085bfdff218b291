using WwanProto.ModemSim;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// The notify sequences netifd sees when things go wrong (issue 4): a transient failure retried inside the
/// proto task, a link loss recovered in place, a teardown while the session is still setting up. Same
/// roles as <see cref="NetifdSessionFlowTests"/>: the shim under ash, the proto task from action 1, the sim.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdRecoveryFlowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>netifd's time between SIGTERM and SIGKILL for a proto task.</summary>
    private static readonly TimeSpan NetifdKillDelay = TimeSpan.FromSeconds(5);

    private static bool LinkUp(RecordedCall c, bool up) =>
        c.Action == 0 && c.Root.TryGetProperty("link-up", out var l) && l.GetBoolean() == up;

    private static async Task<(HandlerRun Setup, NetifdProtoTask Task)> StartAsync(UbusdDouble ubusd, NetifdHarness netifd, SimulatedModem sim, string json)
    {
        var setup = await netifd.ActionAsync("setup", "wan", json, NetifdSessionFlowTests.SimEnv(sim));
        Assert.True(setup.Exit == 0, setup.Stderr);
        return (setup, NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan"))));
    }

    private static async Task TeardownAsync(UbusdDouble ubusd, NetifdHarness netifd, SimulatedModem sim, NetifdProtoTask task)
    {
        ubusd.SetTearingDown("wan", true);
        var teardown = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", NetifdSessionFlowTests.SimEnv(sim));
        Assert.True(teardown.Exit == 0, teardown.Stderr);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(NetifdKillDelay));
    }

    [Fact]
    public async Task Registration_timeout_is_reported_without_block_then_the_task_retries_to_link_up()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        // No network until the first attempt has failed: the modem keeps searching past the registration timeout.
        // (A fixed registration delay raced the session's own start-up under load and sometimes registered in time.)
        await using var sim = await SimulatedModem.StartAsync(new SimOptions()).WaitAsync(Bound);
        sim.Deregister(stat: 2);
        var (_, started) = await StartAsync(ubusd, netifd, sim, """{"proto":"huaweiwwan","apn":"internet","device":"1-1","timeout":5}""");
        await using var task = started;

        await ubusd.WaitForAsync(c => c.Any(x => x.Object == "network.interface.wan" && x.Method == "notify_proto" && x.Action == 3), Bound);
        sim.Reregister();
        var calls = await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        var notifies = calls.Where(c => c.Object == "network.interface.wan" && c.Method == "notify_proto").ToList();
        var firstError = notifies.FindIndex(c => c.Action == 3);
        var up = notifies.FindIndex(c => LinkUp(c, true));
        Assert.True(firstError > 0 && firstError < up, string.Join('\n', notifies));
        Assert.Equal("NETWORK_REGISTRATION_FAILED", notifies[firstError].Root.GetProperty("error")[0].GetString());
        Assert.DoesNotContain(notifies, c => c.Action == 4);
        Assert.All(notifies.Where(c => c.Action == 3), c => Assert.Equal("NETWORK_REGISTRATION_FAILED", c.Root.GetProperty("error")[0].GetString()));

        await TeardownAsync(ubusd, netifd, sim, task);
        Assert.DoesNotContain(ubusd.Notifications("wan"), c => c.Action == 4);
    }

    [Fact]
    public async Task Link_loss_is_reported_down_then_up_again_in_place()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions()).WaitAsync(Bound);
        var (_, started) = await StartAsync(ubusd, netifd, sim, """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""");
        await using var task = started;
        await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        var dialsBefore = sim.CommandLog.Count(c => c.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal));

        sim.DropNetwork();
        var calls = await ubusd.WaitForAsync(c => c.SkipWhile(x => !LinkUp(x, false)).Skip(1).Any(x => LinkUp(x, true)), Bound);

        var notifies = calls.Where(c => c.Object == "network.interface.wan" && c.Method == "notify_proto").ToList();
        var down = notifies.FindIndex(c => LinkUp(c, false));
        Assert.True(notifies.Take(down).Any(c => LinkUp(c, true)), string.Join('\n', notifies));
        Assert.Equal(Core.Ubus.UbusStatus.Ok, notifies[down].Answer);
        var again = notifies.Skip(down + 1).First(c => LinkUp(c, true));
        Assert.Equal(sim.NetDev, again.Root.GetProperty("ifname").GetString());
        Assert.DoesNotContain(notifies, c => c.Action == 4);
        // In place: the same proto task redialled; netifd never saw it exit.
        Assert.False(task.HasExited);
        Assert.True(sim.CommandLog.Count(c => c.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal)) > dialsBefore);

        await TeardownAsync(ubusd, netifd, sim, task);
    }

    [Fact]
    public async Task Teardown_while_registering_ends_the_task_without_any_further_notify()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { RegistrationDelay = TimeSpan.FromMinutes(10) }).WaitAsync(Bound);
        var (_, started) = await StartAsync(ubusd, netifd, sim, """{"proto":"huaweiwwan","apn":"internet","device":"1-1","timeout":600}""");
        await using var task = started;

        // The session is waiting for registration when netifd gives up on the interface.
        using (var wait = new CancellationTokenSource(Bound))
            while (!sim.CommandLog.Any(c => c is "AT+CEREG?" or "AT+CGREG?" or "AT+CREG?"))
                await Task.Delay(50, wait.Token);
        var before = ubusd.Notifications("wan").Count;

        await TeardownAsync(ubusd, netifd, sim, task);

        var notifies = ubusd.Notifications("wan");
        Assert.Equal(before, notifies.Count);
        Assert.DoesNotContain(notifies, c => c.Action == 0);
        Assert.DoesNotContain(sim.CommandLog, c => c.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal));
    }
}
