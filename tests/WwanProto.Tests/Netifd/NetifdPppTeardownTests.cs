using WwanProto.Core;
using WwanProto.Core.Netifd;
using WwanProto.Core.Native;
using WwanProto.Core.Session;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// Teardown after pppd was the proto task: netifd passes pppd's exit status as ERROR=; it becomes an error
/// notify (as ppp.sh's teardown does), restarts are blocked only when retrying cannot help, pppd's leftovers go.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdPppTeardownTests
{
    private static SystemPaths Paths(NetifdHarness netifd) => new("/sys", "/dev", netifd.StateDir, Path.Combine(netifd.Root, "lock"));

    private static async Task<HandlerRun> TeardownAsync(UbusdDouble ubusd, NetifdHarness netifd, string? error)
    {
        ubusd.SetTearingDown("wan", true);
        var env = new Dictionary<string, string> { ["HUAWEIWWAN_LOCKDIR"] = Paths(netifd).LockDir };
        if (error is not null) env["ERROR"] = error;
        var run = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env);
        Assert.True(run.Exit == 0, run.Stderr);
        return run;
    }

    /// <summary>
    /// What a session leaves when it exec'd pppd: the handoff (marked by ppp-up once IPCP came up), the password file;
    /// pppd's lock if it was killed; <paramref name="failedBefore"/> earlier pppd exits before ip-up.
    /// </summary>
    private static void HandedOver(NetifdHarness netifd, int? lockHolder = null, bool reachedIpUp = false, int failedBefore = 0)
    {
        var paths = Paths(netifd);
        new PppHandoff("/dev/ttyUSB0", "3g-wan", new ModemStatus { Imei = "1" }) { ReachedIpUp = reachedIpUp }.Write(paths, "wan");
        File.WriteAllText(Path.Combine(paths.StateDir, "ppp-wan.secrets"), "password \"x\"\n");
        PppAttempts.Write(paths, "wan", failedBefore);
        if (lockHolder is { } pid)
        {
            Directory.CreateDirectory(paths.LockDir);
            File.WriteAllText(Path.Combine(paths.LockDir, "LCK..ttyUSB0"), UucpLock.Content(pid));
        }
    }

    [Theory]
    [InlineData("16", "PPP_MODEM_HANGUP", false)]
    [InlineData("8", "PPP_CONNECT_SCRIPT_FAILED", false)]
    [InlineData("5", "PPP_FAILED", false)]
    [InlineData("19", "PPP_AUTH_FAILED", true)]
    [InlineData("2", "PPP_FAILED", true)]
    public async Task Pppds_exit_status_is_reported_and_blocks_restart_only_when_retrying_cannot_help(string status, string code, bool blocked)
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        HandedOver(netifd);
        var run = await TeardownAsync(ubusd, netifd, status);
        var calls = ubusd.Notifications("wan");
        int?[] expected = blocked ? [3, 4] : [3];
        // teardown's notify has a 3 s budget; when it is missed (a machine at load 57 once) its stderr says why.
        Assert.True(expected.SequenceEqual(calls.Select(c => c.Action)), $"notifies [{string.Join(", ", calls)}]; teardown said:\n{run.Stderr}");
        Assert.All(calls, c => Assert.Equal(Core.Ubus.UbusStatus.Ok, c.Answer));
        var error = calls[0].Root.GetProperty("error");
        Assert.Equal(code, error[0].GetString());
        Assert.Contains($"status {status}", error[1].GetString());
        Assert.Contains($"pppd (the proto task) exited with status {status}", run.Stderr);
        // pppd's own exit before ip-up counts: netifd's instant re-setup backs off with it. A blocked restart waits for
        // the user's ifup, which is a fresh start.
        Assert.Equal(blocked ? 0 : 1, PppAttempts.Read(Paths(netifd), "wan"));
        Assert.False(File.Exists(PppHandoff.PathFor(Paths(netifd), "wan")));
        Assert.False(File.Exists(Path.Combine(netifd.StateDir, "ppp-wan.secrets")));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 3)]
    public async Task Pppds_own_exits_before_ip_up_count_in_a_row(int before, int after)
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        HandedOver(netifd, failedBefore: before);
        var run = await TeardownAsync(ubusd, netifd, "8");
        Assert.Equal(after, PppAttempts.Read(Paths(netifd), "wan"));
        Assert.Contains($"{after} attempt(s) in a row", run.Stderr);
    }

    [Fact]
    public async Task A_hang_up_after_ip_up_is_no_failed_attempt()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        HandedOver(netifd, reachedIpUp: true, failedBefore: 2);
        await TeardownAsync(ubusd, netifd, "16");
        Assert.Equal(0, PppAttempts.Read(Paths(netifd), "wan"));
    }

    [Fact]
    public async Task A_clean_pppd_exit_says_nothing()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        HandedOver(netifd);
        await TeardownAsync(ubusd, netifd, "0");
        Assert.Empty(ubusd.Notifications("wan"));
    }

    [Fact]
    public async Task Stopping_a_running_pppd_forgets_old_failures_keeps_a_live_lock_and_is_idempotent()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        // pppd (here: this test process) still holds its lock: netifd SIGTERMs it after teardown.
        HandedOver(netifd, lockHolder: Environment.ProcessId, failedBefore: 3);
        await TeardownAsync(ubusd, netifd, null);
        await TeardownAsync(ubusd, netifd, null);
        Assert.Empty(ubusd.Notifications("wan"));
        Assert.Equal(0, PppAttempts.Read(Paths(netifd), "wan"));
        Assert.True(File.Exists(Path.Combine(Paths(netifd).LockDir, "LCK..ttyUSB0")));
        Assert.Empty(Directory.GetFiles(netifd.StateDir));
    }

    [Fact]
    public async Task A_killed_pppds_stale_lock_is_removed()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var dead = System.Diagnostics.Process.Start("true")!;
        dead.WaitForExit();
        HandedOver(netifd, lockHolder: dead.Id);
        var run = await TeardownAsync(ubusd, netifd, "-1");
        Assert.False(File.Exists(Path.Combine(Paths(netifd).LockDir, "LCK..ttyUSB0")));
        Assert.Contains("removed the stale lock", run.Stderr);
    }

    [Fact]
    public async Task Without_a_handoff_error_is_the_sessions_status_and_not_mapped()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var run = await TeardownAsync(ubusd, netifd, "1");
        Assert.Empty(ubusd.Notifications("wan"));
        Assert.Contains("the session ended with status 1", run.Stderr);
    }
}
