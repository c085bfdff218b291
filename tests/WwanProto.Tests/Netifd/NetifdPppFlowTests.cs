using WwanProto.Core;
using WwanProto.Core.Netifd;
using WwanProto.ModemSim;
using WwanProto.Tests.Ubus;
using Xunit;
using Xunit.Abstractions;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// PPP under netifd end to end (issue 4: "pppd is the proto task, ppp-up reports"): setup through the shim,
/// the session from the recorded action 1 prepares the simulated PPP stick, then execs pppd in its place
/// (the stand-in, tests/ModemSim/fake-pppd: this kernel has no PPP), which runs our `chat` on the sim's tty
/// and our hooks from the fake root's /lib/netifd; teardown through the shim with netifd's ERROR=.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdPppFlowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>netifd's time between SIGTERM and SIGKILL for a proto task.</summary>
    private static readonly TimeSpan NetifdKillDelay = TimeSpan.FromSeconds(5);

    private const string Config = """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""";

    private static Dictionary<string, string> PppEnv(SimulatedModem sim)
    {
        var env = NetifdSessionFlowTests.SimEnv(sim);
        env["HUAWEIWWAN_PPPD"] = Path.Combine(AppContext.BaseDirectory, "fake-pppd");
        var plan = sim.Addresses;
        env["FAKE_PPPD_PEER"] = $"local={plan.Client},remote={plan.Gateway},dns1={plan.Dns1}";
        // The stand-in is a .NET program: without this its runtime opens a diagnostics socket of its own, which
        // would blur the check that pppd inherits no socket from the session.
        env["DOTNET_EnableDiagnostics"] = "0";
        return env;
    }

    private static bool LinkUp(RecordedCall c, bool up) =>
        c.Action == 0 && c.Answer == Core.Ubus.UbusStatus.Ok && c.Root.TryGetProperty("link-up", out var l) && l.GetBoolean() == up;

    private static SystemPaths Paths(NetifdHarness netifd) => new("/sys", "/dev", netifd.StateDir, netifd.StateDir);

    private static async Task<NetifdProtoTask> SetupAsync(UbusdDouble ubusd, NetifdHarness netifd, Dictionary<string, string> env, string config = Config)
    {
        ubusd.SetTearingDown("wan", false);
        var setup = await netifd.ActionAsync("setup", "wan", config, env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        return NetifdProtoTask.Start(netifd, ubusd.Notifications("wan").Last(c => c.Action == 1), env);
    }

    private static async Task<HandlerRun> TeardownAsync(UbusdDouble ubusd, NetifdHarness netifd, Dictionary<string, string> env, int? error)
    {
        ubusd.SetTearingDown("wan", true);
        var teardownEnv = new Dictionary<string, string>(env);
        if (error is { } e) teardownEnv["ERROR"] = e.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", teardownEnv);
        Assert.True(run.Exit == 0, run.Stderr);
        return run;
    }

    private static List<string> OpenFiles(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd").Select(f => new FileInfo(f).LinkTarget ?? "").ToList();

    private static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');

    [Theory]
    [InlineData("e3131", "E3131", "ttyUSB2")]
    [InlineData("e367", "E367", "ttyUSB2")]
    [InlineData("phone-acm", null, "ttyACM0")] // one port for AT and PPP: the session lets go of it before pppd takes it
    public async Task Ppp_success_then_network_drop_is_reported_by_pppds_hooks_and_teardown_then_redialled(string profile, string? model, string controlPort)
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, RegistrationDelay = TimeSpan.Zero }).WaitAsync(Bound);
        var env = PppEnv(sim);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var task = await SetupAsync(ubusd, netifd, env);

        var calls = await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        output.WriteLine($"{profile}: setup -> ppp-up's link-up {clock.ElapsedMilliseconds} ms");
        // The proto task netifd started is pppd now: same pid, another program.
        Assert.Contains("pppd", CommandLine(task.Pid));
        Assert.DoesNotContain(" session wan", CommandLine(task.Pid));
        var up = calls.First(x => LinkUp(x, true)).Root;
        Assert.Equal("3g-wan", up.GetProperty("ifname").GetString());
        Assert.True(up.GetProperty("keep").GetBoolean());
        var addr = up.GetProperty("ipaddr")[0];
        Assert.Equal(sim.Addresses.Client.ToString(), addr.GetProperty("ipaddr").GetString());
        Assert.Equal("32", addr.GetProperty("mask").GetString());
        Assert.Equal(sim.Addresses.Gateway.ToString(), addr.GetProperty("ptp").GetString());
        Assert.Equal(sim.Addresses.Gateway.ToString(), up.GetProperty("routes")[0].GetProperty("gateway").GetString());
        Assert.Equal([sim.Addresses.Dns1.ToString()], up.GetProperty("dns").EnumerateArray().Select(d => d.GetString()));
        var data = up.GetProperty("data");
        Assert.Equal(sim.Imei, data.GetProperty("imei").GetString());
        if (model is not null) Assert.Equal(model, data.GetProperty("model").GetString());
        Assert.Equal("ready", data.GetProperty("sim_state").GetString());
        Assert.True(data.TryGetProperty("operator", out _));
        Assert.Equal("ppp", data.GetProperty("link_type").GetString());
        Assert.Equal(0, PppAttempts.Read(Paths(netifd), "wan"));
        // Nothing of the session leaked into pppd: not the control port (closed, its lock released), not the ubus socket.
        var control = Path.GetFullPath(new FileInfo(sim.Paths.Dev(controlPort)).LinkTarget!, sim.Paths.DevRoot);
        var fds = OpenFiles(task.Pid);
        // pppd opens the PPP port itself (once, when it is also the control port).
        Assert.Equal(controlPort == "ttyACM0" ? 1 : 0, fds.Count(f => f == control));
        Assert.DoesNotContain(fds, f => f.StartsWith("socket:", StringComparison.Ordinal));
        // Nor the simulator's pty masters (the test process's own, CLOEXEC since Pty.Open sets it).
        Assert.DoesNotContain("/dev/ptmx", fds);
        // The status object lived in the session's process, which is pppd now.
        Assert.Equal(0u, ubusd.ObjectId("huaweiwwan.wan"));

        // The network drops the call: NO CARRIER on the tty, pppd runs ip-down (link lost) and exits 16.
        clock.Restart();
        sim.DropNetwork();
        await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, false)), Bound);
        output.WriteLine($"{profile}: NO CARRIER -> ppp-down's link-up false {clock.ElapsedMilliseconds} ms");
        Assert.Equal(16, await task.ExitAsync(Bound));

        // netifd: teardown with pppd's status, reported as ppp.sh would; a hang-up does not block the restart.
        await TeardownAsync(ubusd, netifd, env, 16);
        var notifies = ubusd.Notifications("wan");
        Assert.Equal([1, 0, 0, 3], notifies.Select(c => c.Action));
        Assert.Equal("PPP_MODEM_HANGUP", notifies[3].Root.GetProperty("error")[0].GetString());
        Assert.Empty(Directory.GetFiles(netifd.StateDir, "wan.*"));
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir, "LCK..*"));
        var log = await task.StderrAsync();
        Assert.Contains("handing over to pppd (attempt 1)", log);

        // 3g-style recovery: netifd runs setup again at once; the link had come up, so the new session dials without waiting.
        await using var again = await SetupAsync(ubusd, netifd, env);
        await ubusd.WaitForAsync(c => c.Count(x => LinkUp(x, true)) == 2, Bound);
        await TeardownAsync(ubusd, netifd, env, null);
        again.Terminate();
        Assert.Equal(5, await again.ExitAsync(NetifdKillDelay));
        var second = await again.StderrAsync();
        Assert.DoesNotContain("in a row", second);
        Assert.Contains("handing over to pppd (attempt 1)", second);
    }

    [Fact]
    public async Task Teardown_while_pppd_holds_the_link_stops_it_within_netifds_deadline_without_updates()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3131", RegistrationDelay = TimeSpan.Zero }).WaitAsync(Bound);
        var env = PppEnv(sim);
        await using var task = await SetupAsync(ubusd, netifd, env);
        await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        var before = ubusd.Notifications("wan").Count;

        await TeardownAsync(ubusd, netifd, env, null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        task.Terminate(); // netifd's SIGTERM reaches pppd itself: it hangs up, runs ip-down (refused now), exits 5
        Assert.Equal(5, await task.ExitAsync(NetifdKillDelay));
        output.WriteLine($"SIGTERM -> pppd exited {clock.ElapsedMilliseconds} ms");
        var after = ubusd.Notifications("wan").Skip(before).ToList();
        Assert.DoesNotContain(after, c => c.Answer == Core.Ubus.UbusStatus.Ok);
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir, "LCK..*"));
    }

    [Fact]
    public async Task Teardown_while_the_session_backs_off_before_dialling_ends_it_at_once_without_pppd()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3131", RegistrationDelay = TimeSpan.Zero }).WaitAsync(Bound);
        var env = PppEnv(sim);
        // Six dials in a row failed before: the next one waits 16-32 s.
        for (var i = 0; i < 6; i++) PppAttempts.Increment(Paths(netifd), "wan");
        await using var task = await SetupAsync(ubusd, netifd, env);

        // The session is still the proto task while it waits: its status object says "connecting".
        await using (var luci = await Core.Ubus.UbusConnection.ConnectAsync(ubusd.SocketPath))
        {
            string? state = null;
            using var wait = new CancellationTokenSource(Bound);
            while (state != "connecting")
            {
                if (ubusd.ObjectId("huaweiwwan.wan") != 0)
                {
                    var status = System.Text.Json.JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "status", Core.Ubus.BlobmsgJson.FromJson("{}"))).ToJson()).RootElement;
                    state = status.GetProperty("state").GetString();
                }
                if (state != "connecting") await Task.Delay(50, wait.Token);
            }
        }
        var before = ubusd.Notifications("wan").Count;
        await TeardownAsync(ubusd, netifd, env, null);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(NetifdKillDelay));
        Assert.DoesNotContain(ubusd.Notifications("wan").Skip(before), c => c.Answer == Core.Ubus.UbusStatus.Ok);
        var log = await task.StderrAsync();
        Assert.Contains("6 attempt(s) in a row", log);
        Assert.DoesNotContain("handing over to pppd", log);
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir, "LCK..*"));
        // A deliberate stop forgets the failures: the next ifup dials at once.
        Assert.Equal(0, PppAttempts.Read(Paths(netifd), "wan"));
    }

    /// <summary>
    /// Issue 11 defect 4. One failed dial whose failure blocks netifd's restart (the peer refuses the credentials: pppd
    /// exits 19, PPP_AUTH_FAILED): the interface is down, so the user's `ifdown` runs no teardown at all, and the user's
    /// `ifup` is the next setup. It is a fresh start, not a retry: no backoff, attempt 1.
    /// </summary>
    [Fact]
    public async Task A_users_ifup_after_a_failed_dial_that_blocked_the_restart_dials_at_once()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3131", RegistrationDelay = TimeSpan.Zero }).WaitAsync(Bound);
        var env = PppEnv(sim);
        var refusing = new Dictionary<string, string>(env) { ["FAKE_PPPD_AUTH"] = "refuse" };

        await using (var failed = await SetupAsync(ubusd, netifd, refusing))
        {
            Assert.Equal(19, await failed.ExitAsync(Bound));
            // pppd's own exit: netifd runs teardown with its status, which blocks the restart.
            await TeardownAsync(ubusd, netifd, refusing, 19);
            Assert.Equal([1, 3, 4], ubusd.Notifications("wan").Select(c => c.Action));
            Assert.Equal("PPP_AUTH_FAILED", ubusd.Notifications("wan")[1].Root.GetProperty("error")[0].GetString());
            Assert.Contains("handing over to pppd (attempt 1)", await failed.StderrAsync());
        }

        // The user: `ifdown wan` (already down: netifd runs nothing), fixes the password, `ifup wan`.
        await using var task = await SetupAsync(ubusd, netifd, env);
        await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        await TeardownAsync(ubusd, netifd, env, null);
        task.Terminate();
        Assert.Equal(5, await task.ExitAsync(NetifdKillDelay));
        var log = await task.StderrAsync();
        Assert.DoesNotContain("in a row", log);
        Assert.Contains("handing over to pppd (attempt 1)", log);
        Assert.DoesNotContain("attempt 2", log);
        Assert.Equal(0, PppAttempts.Read(Paths(netifd), "wan"));
    }

    [Fact]
    public async Task A_pppd_that_cannot_be_executed_is_a_fatal_ppp_failure_of_the_session()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3131", RegistrationDelay = TimeSpan.Zero }).WaitAsync(Bound);
        var env = PppEnv(sim);
        env["HUAWEIWWAN_PPPD"] = Path.Combine(netifd.Root, "no-such-pppd");
        await using var task = await SetupAsync(ubusd, netifd, env);
        Assert.Equal(1, await task.ExitAsync(Bound));
        var notifies = ubusd.Notifications("wan");
        Assert.Equal([1, 3, 4], notifies.Select(c => c.Action));
        Assert.Equal("PPP_FAILED", notifies[1].Root.GetProperty("error")[0].GetString());
        Assert.Contains("no-such-pppd", notifies[1].Root.GetProperty("error")[1].GetString());
        // Not pppd's status: teardown reports nothing more, and nothing of the attempt stays.
        await TeardownAsync(ubusd, netifd, env, 1);
        Assert.Equal(3, ubusd.Notifications("wan").Count);
        Assert.Empty(Directory.GetFiles(netifd.StateDir, "wan.*"));
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir, "LCK..*"));
    }

    [Fact]
    public async Task Failed_dials_are_counted_and_the_next_session_backs_off_before_dialling()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3131", RegistrationDelay = TimeSpan.Zero, DialResult = "no-carrier" }).WaitAsync(Bound);
        var env = PppEnv(sim);
        var logs = new List<string>();
        for (var round = 1; round <= 2; round++)
        {
            await using var task = await SetupAsync(ubusd, netifd, env);
            // The connect script (our chat) gets NO CARRIER: pppd exits 8, netifd tears down and sets up again at once.
            Assert.Equal(8, await task.ExitAsync(Bound));
            logs.Add(await task.StderrAsync());
            await TeardownAsync(ubusd, netifd, env, 8);
            Assert.Equal("PPP_CONNECT_SCRIPT_FAILED", ubusd.Notifications("wan").Last().Root.GetProperty("error")[0].GetString());
            Assert.Equal(round, PppAttempts.Read(Paths(netifd), "wan"));
        }
        Assert.DoesNotContain("in a row", logs[0]);
        Assert.Contains("handing over to pppd (attempt 1)", logs[0]);
        Assert.Contains("pppd: 1 attempt(s) in a row ended before ip-up; waiting", logs[1]);
        Assert.Contains("handing over to pppd (attempt 2)", logs[1]);
        Assert.DoesNotContain(ubusd.Notifications("wan"), c => c.Action == 4);
    }
}
