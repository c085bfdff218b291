using WwanProto.ModemSim;
using WwanProto.Tests.Netifd;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): the state directory (/var/run/huaweiwwan) on a full filesystem, or on one that went
/// read-only, under the netifd flow (shim setup, proto task, teardown). At setup the session cannot get its options:
/// STATE_DIR_UNWRITABLE naming the directory and errno's text, the modem untouched, nothing left behind, and the next
/// setup after the fault is mended comes up. While the session runs, its state files are best effort: the link comes
/// up, teardown ends it, and no half-written file stays. No SIM attempt either way.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StateDirFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Faults => ["full", "read-only"];

    private static void Break(TinyTmpfs fs, string fault)
    {
        if (fault == "full") fs.Fill();
        else fs.MakeReadOnly();
    }

    private static void Mend(TinyTmpfs fs, string fault)
    {
        if (fault == "full") fs.Free();
        else fs.MakeWritable();
    }

    private static string Errno(string fault) => fault == "full" ? "No space left on device" : "Read-only file system";

    private sealed record Rig(UbusdDouble Ubusd, NetifdHarness Netifd, SimulatedModem Sim, Dictionary<string, string> Env, string Json);

    private static async Task<Rig> RigAsync(UbusdDouble ubusd, NetifdHarness netifd, TinyTmpfs fs)
    {
        ubusd.AddInterface("wan");
        var sim = await SimulatedModem.StartAsync(new SimOptions { Card = SimAttempts.Locked }).WaitAsync(Bound);
        var env = new Dictionary<string, string>(NetifdSessionFlowTests.SimEnv(sim)) { ["HUAWEIWWAN_STATEDIR"] = fs.Path };
        var json = $$"""{"proto":"huaweiwwan","apn":"internet","device":"{{sim.UsbPath}}","pincode":"{{SimAttempts.Pin}}"}""";
        return new Rig(ubusd, netifd, sim, env, json);
    }

    /// <summary>Setup, the proto task netifd starts, link up; then teardown and SIGTERM as netifd does: exit 0.</summary>
    private static async Task UpAndDownAsync(Rig r, Action? beforeTheTask = null)
    {
        var setup = await r.Netifd.ActionAsync("setup", "wan", r.Json, r.Env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        beforeTheTask?.Invoke();
        await using var task = NetifdProtoTask.Start(r.Netifd, r.Ubusd.Notifications("wan").Last(c => c.Action == 1));
        await r.Ubusd.WaitForAsync(c => c.Any(x => x.Action == 0 && x.Root.GetProperty("link-up").GetBoolean()), Bound);
        var log = await NetifdTeardownStepTests.TeardownAsync(r.Netifd, r.Ubusd, task, r.Json, r.Env, "after link-up");
        await NetifdTeardownStepTests.IdleAsync(r.Sim);
        Assert.DoesNotContain(SimAttempts.Pin, log);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task At_setup_it_is_state_dir_unwritable_naming_the_cause_and_the_link_comes_up_once_mended(string fault)
    {
        using var fs = TinyTmpfs.Mount();
        await using var ubusd = new UbusdDouble();
        using var netifd = new NetifdHarness(ubusd);
        var r = await RigAsync(ubusd, netifd, fs);
        await using var sim = r.Sim;

        Break(fs, fault);
        var setup = await netifd.ActionAsync("setup", "wan", r.Json, r.Env);
        Assert.True(setup.Exit == 1, $"setup exited {setup.Exit}: {setup.Stderr}");
        Assert.Contains("setup: cannot store the session's options: ", setup.Stderr, StringComparison.Ordinal);
        Assert.Contains(fs.Path, setup.Stderr, StringComparison.Ordinal);
        Assert.Contains(Errno(fault), setup.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", setup.Stderr, StringComparison.Ordinal); // no stack trace
        var error = Assert.Single(ubusd.Notifications("wan"));
        Assert.Equal(3, error.Action);
        Assert.Equal("STATE_DIR_UNWRITABLE", error.Root.GetProperty("error")[0].GetString());
        Assert.Contains(Errno(fault), error.Root.GetProperty("error")[1].GetString(), StringComparison.Ordinal);
        Assert.Empty(fs.Leftovers());
        Assert.All(sim.Ports.Keys, p => Assert.Equal(0, sim.BytesReceivedOn(p)));

        // Mended (room freed, remounted read-write): netifd's next setup brings the link up.
        Mend(fs, fault);
        await UpAndDownAsync(r);
        Assert.Empty(fs.Leftovers());
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir));
        SimAttempts.AssertNoneUsed(sim);
    }

    /// <summary>
    /// The user's wrong PIN (sent once, as row 28) while /var/run is full: the rejected-PIN memory cannot be written.
    /// Still PIN_FAILED, fatal, with a message that says so, not a crash; netifd's restart is blocked.
    /// </summary>
    [Fact]
    public async Task A_wrong_pin_with_a_full_state_dir_is_pin_failed_saying_it_could_not_be_remembered()
    {
        using var fs = TinyTmpfs.Mount();
        await using var ubusd = new UbusdDouble();
        using var netifd = new NetifdHarness(ubusd);
        var r = await RigAsync(ubusd, netifd, fs);
        await using var sim = r.Sim;
        var json = r.Json.Replace(SimAttempts.Pin, "1357", StringComparison.Ordinal);

        var setup = await netifd.ActionAsync("setup", "wan", json, r.Env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        fs.Fill();
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")));
        var exit = await task.ExitAsync(Bound);
        var log = await task.StderrAsync();
        Assert.True(exit == 1, $"the session exited {exit}:\n{log}");
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        var error = ubusd.Notifications("wan").Single(c => c.Action == 3).Root.GetProperty("error");
        Assert.Equal("PIN_FAILED", error[0].GetString());
        Assert.Contains("could not be remembered as rejected", error[1].GetString(), StringComparison.Ordinal);
        Assert.Contains(ubusd.Notifications("wan"), c => c.Action == 4);
        Assert.Equal(sim.SimTriesAtStart.Pin - 1, sim.SimTriesLeft.Pin); // the user's PIN, once
        Assert.DoesNotContain("1357", log, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task While_the_session_runs_the_link_comes_up_and_nothing_half_written_stays(string fault)
    {
        using var fs = TinyTmpfs.Mount();
        await using var ubusd = new UbusdDouble();
        using var netifd = new NetifdHarness(ubusd);
        var r = await RigAsync(ubusd, netifd, fs);
        await using var sim = r.Sim;

        // setup stored the options; then /var/run fills up (or goes read-only) before the session writes anything.
        await UpAndDownAsync(r, () => Break(fs, fault));

        // Full: teardown removed what setup wrote and no temp file of a failed write is left. Read-only: nothing
        // can be removed either, so only setup's file is there, and nothing the session tried to write.
        Assert.Equal(fault == "full" ? [] : ["wan.config.json"], fs.Leftovers().Order());
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir));
        SimAttempts.AssertNoneUsed(sim);
    }
}
