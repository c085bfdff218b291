using System.Text;
using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using WwanProto.Tests.Standalone;
using Xunit;

namespace WwanProto.Tests.Ppp;

/// <summary>
/// The pppd stand-in (tests/ModemSim/Pppd, `wwan-sim pppd`) keeps pppd's contract: exit statuses, the UUCP lock,
/// the connect script on the tty, the IPCP log lines, ip-up/ip-down with pppd's argv and clean environment.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FakePppdTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fake-pppd-").FullName;
    private readonly Pty _pty = Pty.Open();

    public void Dispose()
    {
        _pty.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string LockDir => Directory.CreateDirectory(Path.Combine(_dir, "lock")).FullName;

    private Dictionary<string, string> Env(string? peer = null) => new()
    {
        ["HUAWEIWWAN_LOCKDIR"] = LockDir,
        ["FAKE_PPPD_PEER"] = peer ?? "local=100.64.9.2,remote=100.64.9.1,dns1=100.64.9.1,dns2=100.64.9.3",
    };

    /// <summary>A script that appends its argv (one per line) and its whole environment to <paramref name="name"/>.dump.</summary>
    private string DumpScript(string name)
    {
        var path = Path.Combine(_dir, name);
        var dump = path + ".dump";
        File.WriteAllText(path, $"#!/bin/sh\n{{ echo \"argc=$#\"; for a in \"$@\"; do echo \"arg=$a\"; done; /usr/bin/env | sort; }} > '{dump}.tmp'\nmv '{dump}.tmp' '{dump}'\n");
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
        return path;
    }

    private static async Task<string> ReadDumpAsync(string script)
    {
        var dump = script + ".dump";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!File.Exists(dump))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{Path.GetFileName(script)} was not run");
            await Task.Delay(20);
        }
        return File.ReadAllText(dump);
    }

    private string[] Argv(params string[] extra) =>
        ["nodetach", "ipparam", "wan", "ifname", "ppp-wan", _pty.SlavePath, "115200", "nocrtscts", "lock", "noauth", "noipdefault",
         "maxfail", "1", "usepeerdns", "nodefaultroute", "lcp-echo-failure", "5", "lcp-echo-interval", "10", "noipv6", .. extra];

    [Theory]
    [InlineData("bogus-option", "pppd: unrecognized option 'bogus-option'")]
    [InlineData("mtu", "pppd: too few parameters for option mtu")]
    public async Task An_unknown_or_incomplete_option_exits_2(string option, string message)
    {
        using var pppd = new FakePppdProcess(Argv(option), Env());
        Assert.Equal(2, await pppd.ExitCodeAsync());
        Assert.Contains(message, pppd.Err);
    }

    [Fact]
    public async Task An_options_file_must_be_0600_and_its_password_is_never_printed()
    {
        var file = Path.Combine(_dir, "secrets");
        File.WriteAllText(file, "# the password\npassword \"p4ss word\"\n");
        File.SetUnixFileMode(file, (UnixFileMode)0x1A4); // 0644
        using (var open = new FakePppdProcess(Argv("file", file, "connect", "true"), Env()))
        {
            Assert.Equal(2, await open.ExitCodeAsync());
            Assert.Contains($"Can't open options file {file}", open.Err);
        }
        File.SetUnixFileMode(file, (UnixFileMode)0x180); // 0600
        using var pppd = new FakePppdProcess(Argv("file", file, "connect", "true"), Env());
        await pppd.WaitForAsync("local  IP address");
        pppd.Signal(Libc.SIGTERM);
        Assert.Equal(5, await pppd.ExitCodeAsync());
        Assert.DoesNotContain("p4ss", pppd.Out + pppd.Err);
    }

    [Fact]
    public async Task A_lock_held_by_a_live_process_exits_6_and_a_stale_one_is_taken_over()
    {
        var lockFile = Path.Combine(LockDir, UucpLock.FileName(_pty.SlavePath));
        File.WriteAllText(lockFile, UucpLock.Content(Environment.ProcessId));
        using (var locked = new FakePppdProcess(Argv("connect", "true"), Env()))
        {
            Assert.Equal(6, await locked.ExitCodeAsync());
            Assert.Contains($"Device {Path.GetFileName(_pty.SlavePath)} is locked by pid {Environment.ProcessId}", locked.Out);
        }
        Assert.Equal(UucpLock.Content(Environment.ProcessId), File.ReadAllText(lockFile));

        File.WriteAllText(lockFile, UucpLock.Content(int.MaxValue - 1)); // no such process
        using var pppd = new FakePppdProcess(Argv("connect", "true"), Env());
        await pppd.WaitForAsync("Connect: ppp-wan");
        Assert.Equal(UucpLock.Content(pppd.Pid), File.ReadAllText(lockFile));
        pppd.Signal(Libc.SIGTERM);
        Assert.Equal(5, await pppd.ExitCodeAsync());
        Assert.False(File.Exists(lockFile), "pppd removes its lock on exit");
    }

    [Fact]
    public async Task A_failing_connect_script_exits_8()
    {
        using var pppd = new FakePppdProcess(Argv("connect", "echo dialling >&2; exit 3"), Env());
        Assert.Equal(8, await pppd.ExitCodeAsync());
        Assert.Contains("Connect script failed", pppd.Out);
        Assert.Contains("dialling", pppd.Err); // the script's stderr is pppd's
        Assert.False(File.Exists(Path.Combine(LockDir, UucpLock.FileName(_pty.SlavePath))));
    }

    [Fact]
    public async Task Connected_it_logs_the_ipcp_result_runs_ip_up_with_pppds_argv_and_env_and_NO_CARRIER_ends_it_with_16()
    {
        var up = DumpScript("ip-up");
        var down = DumpScript("ip-down");
        // The connect script talks on the tty: what it prints arrives at the modem's end.
        using var pppd = new FakePppdProcess(
            Argv("connect", "printf 'ATD*99#\\r'", "ip-up-script", up, "ip-down-script", down, "set", "WWAN_TAG=one two"),
            new Dictionary<string, string>(Env()) { ["LEAKED_FROM_PARENT"] = "x" });
        await pppd.WaitForAsync("secondary DNS address");
        Assert.Equal("ATD*99#\r", await ReadMasterAsync("\r"));

        var log = pppd.Out;
        var expected = new[]
        {
            "Serial connection established.", "Using interface ppp-wan", $"Connect: ppp-wan <--> {_pty.SlavePath}",
            "local  IP address 100.64.9.2", "remote IP address 100.64.9.1", "primary   DNS address 100.64.9.1", "secondary DNS address 100.64.9.3",
        };
        var at = 0;
        foreach (var line in expected)
        {
            var next = log.IndexOf(line, at, StringComparison.Ordinal);
            Assert.True(next >= 0, $"'{line}' missing or out of order in:\n{log}");
            at = next;
        }
        var parser = new PppLogParser();
        foreach (var line in log.Split('\n')) parser.Feed(line);
        Assert.Equal(("ppp-wan", "100.64.9.2", "100.64.9.1"), (parser.Interface, parser.LocalAddress, parser.RemoteAddress));
        Assert.Equal(["100.64.9.1", "100.64.9.3"], parser.Dns);

        var upDump = await ReadDumpAsync(up);
        Assert.Contains($"argc=6\narg=ppp-wan\narg={_pty.SlavePath}\narg=115200\narg=100.64.9.2\narg=100.64.9.1\narg=wan\n", upDump);
        foreach (var v in new[] { "IFNAME=ppp-wan", $"DEVICE={_pty.SlavePath}", "SPEED=115200", "IPLOCAL=100.64.9.2", "IPREMOTE=100.64.9.1",
                     "USEPEERDNS=1", "DNS1=100.64.9.1", "DNS2=100.64.9.3", $"PPPD_PID={pppd.Pid}", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                     "WWAN_TAG=one two", "PEERNAME=", "ORIG_UID=" })
            Assert.Contains("\n" + v, "\n" + upDump);
        Assert.DoesNotContain("LEAKED_FROM_PARENT", upDump);
        Assert.DoesNotContain("HUAWEIWWAN_LOCKDIR", upDump);
        Assert.DoesNotContain("CONNECT_TIME", upDump);
        Assert.False(File.Exists(down + ".dump"));

        _pty.Master.WriteAll("\r\nNO CARRIER\r\n"u8);
        Assert.Equal(16, await pppd.ExitCodeAsync());
        Assert.Contains("Modem hangup", pppd.Out);
        Assert.EndsWith("Connection terminated.\n", pppd.Out.Replace("\r", ""));
        var downDump = await ReadDumpAsync(down);
        Assert.Contains("arg=ppp-wan\n", downDump);
        Assert.Contains("\nCONNECT_TIME=", downDump);
        Assert.False(File.Exists(Path.Combine(LockDir, UucpLock.FileName(_pty.SlavePath))));
    }

    [Fact]
    public async Task Sigterm_runs_ip_down_removes_the_tun_device_and_exits_5()
    {
        using var ns = new TestNetns(veth: false);
        var down = DumpScript("ip-down");
        var env = new Dictionary<string, string>(Env()) { ["FAKE_PPPD_TUN"] = "1" };
        using var pppd = new FakePppdProcess(Argv("+ipv6", "connect", "true", "ip-up-script", "/nonexistent", "ip-down-script", down), env, ns.Name);
        await pppd.WaitForAsync("remote LL address fe80::");
        Assert.Contains("ppp-wan", ns.Ip("link", "show", "dev", "ppp-wan"));
        Assert.Contains("UP", ns.Ip("link", "show", "dev", "ppp-wan"));

        pppd.Signal(Libc.SIGTERM);
        Assert.Equal(5, await pppd.ExitCodeAsync());
        Assert.Contains("Terminating on signal 15", pppd.Out);
        Assert.Contains("argc=6", await ReadDumpAsync(down));
        Assert.DoesNotContain("ppp-wan", ns.Ip("link", "show"));
    }

    [Theory]
    [InlineData(PppFlavor.Netifd, "IP", "pap")]
    [InlineData(PppFlavor.Standalone, "IPV4V6", "chap")]
    public async Task It_accepts_every_argument_list_the_product_builds(PppFlavor flavor, string pdptype, string auth)
    {
        var items = new[] { ("apn", "internet"), ("pdptype", pdptype), ("auth", auth), ("username", "bob"), ("password", "s3cret"), ("mtu", "1400") };
        var (options, errors) = OptionParser.Parse(items.ToDictionary(i => i.Item1, i => RawValue.Of(i.Item2)));
        Assert.Empty(errors);
        var paths = new SystemPaths("/sys", "/dev", Path.Combine(_dir, "state"), LockDir);
        var line = PppCommand.Build(options!, "wan", _pty.SlavePath, paths, flavor, "/bin/true", FakePppdProcess.Path);
        try
        {
            using var pppd = new FakePppdProcess(line.Argv.Skip(1), Env());
            await pppd.WaitForAsync("local  IP address");
            pppd.Signal(Libc.SIGTERM);
            Assert.Equal(5, await pppd.ExitCodeAsync());
            Assert.DoesNotContain("s3cret", pppd.Out + pppd.Err);
        }
        finally { PppCommand.RemoveSecrets(line); }
    }

    private async Task<string> ReadMasterAsync(string until)
    {
        var seen = new StringBuilder();
        var buffer = new byte[256];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!seen.ToString().Contains(until) && DateTime.UtcNow < deadline)
        {
            if ((_pty.Master.Poll(Libc.POLLIN, 100) & Libc.POLLIN) == 0) { await Task.Yield(); continue; }
            var n = _pty.Master.Read(buffer);
            if (n > 0) seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return seen.ToString();
    }
}
