using WwanProto.Core;
using WwanProto.Core.At;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// The hand-over to pppd with execve replaced by a recorder: what is written and released before the exec,
/// the attempt count, the backoff before a redial, and an exec that fails.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdPppLinkTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _root = Directory.CreateTempSubdirectory("netifd-ppp-link-").FullName;
    private readonly List<string> _log = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SystemPaths Paths => new SystemPaths("/sys", "/dev", Path.Combine(_root, "state"), Path.Combine(_root, "lock"))
    {
        Pppd = "/usr/sbin/pppd",
        NetifdLibDir = "/lib/netifd",
    };

    private (NetifdPppLink Link, AtChannel Control, Pty Pty) Link(NetifdPppLink.Exec exec, SessionTuning? tuning = null, params (string, string)[] options)
    {
        var pty = Pty.Open();
        Directory.CreateDirectory(Paths.LockDir);
        var control = AtChannel.Open(pty.SlavePath, new AtChannelOptions { LockDir = Paths.LockDir });
        var modem = new ModemConnection(control) { PppPort = "/dev/ttyUSB0" };
        var context = new DataLinkContext(modem, NetifdPppHookTests.Options(options.Length > 0 ? options : [("apn", "internet"), ("username", "u"), ("password", "s3cret")]),
            tuning ?? SessionTuning.Default, line => { lock (_log) _log.Add(line); });
        var env = NetifdPppLink.ScriptEnvironment("/var/run/huaweiwwan/wan.config.json", "/tmp/ubus.sock");
        var status = new ModemStatus { Imei = "861234567890123", Model = "E3131" };
        return (new NetifdPppLink(context, "wan", "/dev/ttyUSB0", Paths, () => status, env, "/usr/sbin/huaweiwwan", exec), control, pty);
    }

    [Fact]
    public async Task Before_the_exec_the_handoff_is_written_the_control_port_and_its_lock_released_and_nothing_counted()
    {
        IReadOnlyList<string>? argv = null;
        var seen = new List<string>();
        Pty? ptyRef = null;
        AtChannel? controlRef = null;
        var (link, control, pty) = Link((a, env) =>
        {
            argv = a;
            seen.Add($"lock:{File.Exists(Path.Combine(Paths.LockDir, UucpLock.FileName(ptyRef!.SlavePath)))}");
            seen.Add($"closed:{controlRef!.Closed.IsCompleted}");
            seen.Add($"handoff:{PppHandoff.Read(Paths, "wan")?.Status.Imei}");
            seen.Add($"attempts:{PppAttempts.Read(Paths, "wan")}");
            return Libc.ENOENT;
        });
        (ptyRef, controlRef) = (pty, control);
        using var _ = pty;
        Assert.True(File.Exists(Path.Combine(Paths.LockDir, UucpLock.FileName(pty.SlavePath))));
        var e = await Assert.ThrowsAsync<SessionException>(() => link.ConnectAsync(CancellationToken.None)).WaitAsync(Bound);
        // Not counted at the exec: only pppd's own end before ip-up counts (teardown does it), not a pppd netifd stops.
        Assert.Equal(["lock:False", "closed:True", "handoff:861234567890123", "attempts:0"], seen);
        Assert.Equal("/usr/sbin/pppd", argv![0]);
        Assert.Contains("set", argv);
        Assert.Contains("HUAWEIWWAN_CONFIG=/var/run/huaweiwwan/wan.config.json", argv);
        Assert.DoesNotContain(argv, a => a.Contains("s3cret", StringComparison.Ordinal));

        // The exec failed: a fatal PPP_FAILED naming pppd and errno, nothing of pppd's run left behind.
        Assert.Equal(ErrorCodes.PppFailed, e.Error.Code);
        Assert.True(e.Error.Fatal);
        Assert.Contains("/usr/sbin/pppd", e.Error.Message);
        Assert.Contains("errno 2", e.Error.Message);
        Assert.Null(PppHandoff.Read(Paths, "wan"));
        Assert.False(File.Exists(PppCommand.SecretsPath(Paths, "wan")));
        Assert.Equal(0, PppAttempts.Read(Paths, "wan"));
    }

    [Fact]
    public async Task After_failed_attempts_the_next_dial_waits_the_backoff_and_a_stop_cancels_the_wait()
    {
        PppAttempts.Increment(Paths, "wan");
        PppAttempts.Increment(Paths, "wan");
        var execs = 0;
        var (link, _, pty) = Link((_, _) => { execs++; return Libc.ENOENT; }, SessionTuning.Default with { BackoffMin = TimeSpan.FromMinutes(5), BackoffMax = TimeSpan.FromMinutes(10) });
        using var __ = pty;
        using var stop = new CancellationTokenSource();
        var connect = link.ConnectAsync(stop.Token);
        await WaitForLogAsync("2 attempt(s) in a row");
        Assert.False(connect.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect).WaitAsync(Bound);
        Assert.Equal(0, execs);
        Assert.Equal(2, PppAttempts.Read(Paths, "wan"));
    }

    [Fact]
    public async Task Without_failures_it_dials_at_once()
    {
        var (link, _, pty) = Link((_, _) => Libc.ENOENT);
        using var __ = pty;
        await Assert.ThrowsAsync<SessionException>(() => link.ConnectAsync(CancellationToken.None)).WaitAsync(Bound);
        lock (_log) Assert.DoesNotContain(_log, l => l.Contains("in a row"));
        lock (_log) Assert.Contains(_log, l => l.Contains("handing over to pppd (attempt 1)"));
    }

    private async Task WaitForLogAsync(string text)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (true)
        {
            lock (_log) if (_log.Any(l => l.Contains(text))) return;
            await Task.Delay(20, cts.Token);
        }
    }
}
