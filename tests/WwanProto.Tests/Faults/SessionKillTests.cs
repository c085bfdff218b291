using WwanProto.ModemSim;
using WwanProto.ModemSim.Engine;
using WwanProto.Tests.Netifd;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): the connected session is SIGKILLed (OOM killer, netifd's own SIGKILL after 5 s). It
/// leaves its call up and a UUCP lock with a dead pid; netifd's teardown (ERROR=137) hangs the call up and the
/// next setup finds no stale call or lock in its way.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SessionKillTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static bool LinkUp(RecordedCall c) => c.Action == 0 && c.Root.TryGetProperty("link-up", out var l) && l.GetBoolean();

    [Fact]
    public async Task Sigkill_while_connected_is_cleaned_up_by_teardown_and_the_next_setup_connects()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Card = SimAttempts.Locked }).WaitAsync(Bound);
        var env = NetifdSessionFlowTests.SimEnv(sim);
        var json = $$"""{"proto":"huaweiwwan","apn":"internet","device":"{{sim.UsbPath}}","pincode":"{{SimAttempts.Pin}}"}""";

        Assert.Equal(0, (await netifd.ActionAsync("setup", "wan", json, env)).Exit);
        await using (var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan"))))
        {
            await ubusd.WaitForAsync(c => c.Any(LinkUp), Bound);
            // Killed once the session has recorded its call for teardown (written just after the link-up notify).
            var paths = new Core.SystemPaths("/", "/", netifd.StateDir, "/");
            using (var wait = new CancellationTokenSource(Bound))
                while (Core.Netifd.LinkState.Read(paths, "wan") is not { Connected: true }) await Task.Delay(20, wait.Token);
            System.Diagnostics.Process.Start("kill", ["-KILL", task.Pid.ToString()])!.WaitForExit(5000);
            Assert.Equal(137, await task.ExitAsync(Bound));
        }
        Assert.Equal(NdisState.Connected, sim.NdisState); // the call outlived the session
        Assert.NotEmpty(Directory.GetFiles(sim.Paths.LockDir)); // and so did its lock, naming a dead pid

        ubusd.SetTearingDown("wan", true);
        var teardown = await netifd.ActionAsync("teardown", "wan", json, new Dictionary<string, string>(env) { ["ERROR"] = "137" });
        Assert.True(teardown.Exit == 0, teardown.Stderr);
        Assert.Contains("hung up", teardown.Stderr);
        await NetifdTeardownStepTests.IdleAsync(sim);
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir));

        // ifup again: no stale call, no stale lock.
        ubusd.SetTearingDown("wan", false);
        var seen = ubusd.Notifications("wan").Count;
        Assert.Equal(0, (await netifd.ActionAsync("setup", "wan", json, env)).Exit);
        await using (var again = NetifdProtoTask.Start(netifd, ubusd.Notifications("wan").Skip(seen).Single(c => c.Action == 1)))
        {
            await ubusd.WaitForAsync(c => c.Where(x => x.Object == "network.interface.wan" && x.Method == "notify_proto").Skip(seen).Any(LinkUp), Bound);
            ubusd.SetTearingDown("wan", true);
            Assert.Equal(0, (await netifd.ActionAsync("teardown", "wan", json, env)).Exit);
            again.Terminate();
            Assert.Equal(0, await again.ExitAsync(TimeSpan.FromSeconds(5)));
        }
        SimAttempts.AssertNoneUsed(sim);
    }
}
