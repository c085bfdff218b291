using System.Net.Sockets;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Engine;
using WwanProto.Tests.Netifd;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): netifd tears the interface down at every step of the session (the shim's teardown,
/// then SIGTERM to the proto task, as netifd does). Each time the task ends 0 within netifd's 5 s, says
/// nothing more to netifd, leaves no call up, no lock and no state file, and costs no SIM attempt.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdTeardownStepTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NetifdKillDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Never = TimeSpan.FromMinutes(10);

    // The mode-switch wait is not here: the proto task is a process of its own, and its usbdevfs switch message cannot reach the simulator.
    public static TheoryData<string> Steps => ["device", "probe", "sim", "connect"];

    private static SimOptions SimFor(string step) => step switch
    {
        "probe" => new SimOptions { Faults = new SimFaults { MuteAfterStart = Never }, Card = SimAttempts.Locked },
        "sim" => new SimOptions { Card = new SimCardOptions { State = "pin", Pin = SimAttempts.Pin, BusyFor = Never } },
        "connect" => new SimOptions { NdisConnectDelay = Never, Card = SimAttempts.Locked },
        _ => new SimOptions { Card = SimAttempts.Locked },
    };

    /// <summary>Until the session is at <paramref name="step"/>, as the simulator sees it.</summary>
    private static Func<bool> AtStep(string step, SimulatedModem sim, UbusdDouble ubusd) => step switch
    {
        // device '1-9' is not there: the session is up (its status object published) and waits for it.
        "device" => () => ubusd.ObjectId("huaweiwwan.wan") != 0,
        "probe" => () => sim.Ports.Keys.Any(p => sim.BytesReceivedOn(p) > 0),
        "sim" => () => sim.CommandLog.Contains("AT+CPIN?"),
        "connect" => () => sim.CommandLog.Any(c => c.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal)),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>
    /// netifd's ifdown: the shim's teardown (exit 0), then SIGTERM to the proto task, which must exit 0 within the 5 s
    /// before netifd's SIGKILL. Returns the task's stderr.
    /// </summary>
    internal static async Task<string> TeardownAsync(NetifdHarness netifd, UbusdDouble ubusd, NetifdProtoTask task, string json,
        IReadOnlyDictionary<string, string> env, string when)
    {
        ubusd.SetTearingDown("wan", true);
        var teardown = await netifd.ActionAsync("teardown", "wan", json, env);
        Assert.True(teardown.Exit == 0, teardown.Stderr);
        task.Terminate();
        var exit = await task.ExitAsync(NetifdKillDelay);
        var log = await task.StderrAsync();
        Assert.True(exit == 0, $"the session exited {exit} after SIGTERM {when}:\n{log}");
        return log;
    }

    private static bool IsError(RecordedCall notify, string code) =>
        notify.Action == 3 && notify.Root.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Array
        && error.EnumerateArray().FirstOrDefault().ValueKind == System.Text.Json.JsonValueKind.String && error[0].GetString() == code;

    /// <summary>The modem ends a call it was told to hang up a moment after answering OK.</summary>
    internal static async Task IdleAsync(SimulatedModem sim)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (sim.NdisState != NdisState.Idle && !bound.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);
        Assert.Equal(NdisState.Idle, sim.NdisState);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Teardown_at_this_step_ends_the_task_cleanly(string step)
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(SimFor(step)).WaitAsync(Bound);
        var env = NetifdSessionFlowTests.SimEnv(sim);
        var device = step == "device" ? "1-9" : sim.UsbPath;
        var json = $$"""{"proto":"huaweiwwan","apn":"internet","device":"{{device}}","pincode":"{{SimAttempts.Pin}}","timeout":600}""";
        var setup = await netifd.ActionAsync("setup", "wan", json, env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")));

        var at = AtStep(step, sim, ubusd);
        using (var wait = new CancellationTokenSource(Bound))
            while (!at())
            {
                Assert.False(task.HasExited, $"the session ended before the {step} step");
                await Task.Delay(20, wait.Token);
            }
        var notified = ubusd.Notifications("wan").Count;

        await TeardownAsync(netifd, ubusd, task, json, env, $"at the {step} step");

        // The teardown causes no notify. At the probe step the session's own verdict may still come first: every port
        // silent for the probe's 2 s bound is NO_CONTROL_PORT (retried), and under load the teardown's shim can take
        // longer than that to reach the task, so that error, and only that, may follow the step.
        var after = ubusd.Notifications("wan").Skip(notified).ToList();
        Assert.All(after, n => Assert.True(step == "probe" && IsError(n, ErrorCodes.NoControlPort), $"notify at the {step} step: {n}"));
        await IdleAsync(sim);
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir));
        Assert.Empty(Directory.GetFiles(netifd.StateDir, "wan.*"));
        Assert.DoesNotContain(SimAttempts.Pin, await task.StderrAsync());
        SimAttempts.AssertNoneUsed(sim);
    }
    /// <summary>
    /// netifd's teardown while the session is still reaching ubusd (a busy ubusd, or one being restarted): the session
    /// waits for ubusd's hello to publish its status object, and SIGTERM must end that wait as a clean stop (it once
    /// ended the process with an unhandled TaskCanceledException, exit 134).
    /// </summary>
    [Fact]
    public async Task Teardown_while_ubusd_does_not_answer_yet_ends_the_task_cleanly()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Card = SimAttempts.Locked }).WaitAsync(Bound);
        var env = NetifdSessionFlowTests.SimEnv(sim);
        var json = $$"""{"proto":"huaweiwwan","apn":"internet","device":"{{sim.UsbPath}}","pincode":"{{SimAttempts.Pin}}","timeout":600}""";
        var setup = await netifd.ActionAsync("setup", "wan", json, env);
        Assert.True(setup.Exit == 0, setup.Stderr);

        // The task's ubusd accepts connections and never says hello.
        var silentPath = Path.Combine(netifd.Root, "silent-ubus.sock");
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silent.Bind(new UnixDomainSocketEndPoint(silentPath));
        silent.Listen(8);
        // setup hands the task ubusd's path in the run command's environment (HUAWEIWWAN_UBUS): point it at the silent one.
        var run = Assert.Single(ubusd.Notifications("wan"));
        Assert.Contains(ubusd.SocketPath, run.Json);
        await using var task = NetifdProtoTask.Start(netifd, run with { Json = run.Json.Replace(ubusd.SocketPath, silentPath, StringComparison.Ordinal) });
        using var accepted = await silent.AcceptAsync().WaitAsync(Bound);

        var log = await TeardownAsync(netifd, ubusd, task, json, env, "while ubusd had not answered");
        Assert.DoesNotContain("Unhandled exception", log);
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir));
        Assert.Empty(Directory.GetFiles(netifd.StateDir, "wan.*"));
        SimAttempts.AssertNoneUsed(sim);
    }
}
