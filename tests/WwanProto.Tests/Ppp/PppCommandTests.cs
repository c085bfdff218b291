using System.Diagnostics;
using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using WwanProto.Core.Session;
using Xunit;

namespace WwanProto.Tests.Ppp;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PppCommandTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("ppp-cmd-").FullName;
    private SystemPaths Paths => new("/sys", "/dev", _state, Path.Combine(_state, "lock"));

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private static InterfaceOptions Options(params (string Name, string Value)[] items)
    {
        var (options, errors) = OptionParser.Parse(items.ToDictionary(i => i.Name, i => RawValue.Of(i.Value)));
        Assert.Empty(errors);
        return options!;
    }

    private static int IndexAfter(IReadOnlyList<string> argv, string option) => argv.ToList().IndexOf(option) + 1;

    [Fact]
    public void Pppd_is_the_one_systempaths_names()
    {
        Assert.Equal("/usr/sbin/pppd", Paths.Pppd);
        var line = PppCommand.Build(Options(("apn", "internet")), "wan", "/dev/ttyUSB0", Paths with { Pppd = "/opt/test/fake-pppd" }, PppFlavor.Standalone, "/usr/sbin/huaweiwwan");
        Assert.Equal("/opt/test/fake-pppd", line.Argv[0]);
    }

    [Fact]
    public void Builds_the_netifd_command_line_from_options()
    {
        var line = PppCommand.Build(Options(("apn", "internet"), ("username", "bob"), ("password", "s3cret#x"), ("auth", "pap"),
            ("keepalive", "4 7"), ("mtu", "1400")), "wan", "/dev/ttyUSB0", Paths, PppFlavor.Netifd, "/usr/sbin/huaweiwwan");
        var argv = line.Argv;
        Assert.Equal(PppCommand.DefaultPppd, argv[0]);
        Assert.Contains("nodetach", argv);
        Assert.Equal("wan", argv[IndexAfter(argv, "ipparam")]);
        Assert.Equal("3g-wan", argv[IndexAfter(argv, "ifname")]);
        Assert.Equal("3g-wan", line.Ifname);
        Assert.Contains("/dev/ttyUSB0", argv);
        Assert.Contains("115200", argv);
        Assert.Contains("crtscts", argv);
        Assert.Contains("lock", argv);
        Assert.Contains("noipdefault", argv);
        Assert.Contains("usepeerdns", argv);
        // netifd applies defaultroute/metric from ppp-up's report, as with 3g.sh; pppd never adds its own route.
        Assert.Contains("nodefaultroute", argv);
        Assert.DoesNotContain("defaultroute", argv);
        Assert.Equal("1", argv[IndexAfter(argv, "maxfail")]);
        Assert.Equal("4", argv[IndexAfter(argv, "lcp-echo-failure")]);
        Assert.Equal("7", argv[IndexAfter(argv, "lcp-echo-interval")]);
        Assert.Equal("1400", argv[IndexAfter(argv, "mtu")]);
        Assert.Equal("1400", argv[IndexAfter(argv, "mru")]);
        Assert.Contains("noipv6", argv);
        // The username is in the 0600 options file too: argv is visible to every user in ps.
        Assert.DoesNotContain("user", argv);
        Assert.DoesNotContain(argv, a => a.Contains("bob", StringComparison.Ordinal));
        Assert.Contains("refuse-chap", argv);
        Assert.Equal("'/usr/sbin/huaweiwwan' chat 'wan' --cid 1 --pdptype 'IP' --apn 'internet' --dial '*99***1#'", argv[IndexAfter(argv, "connect")]);
        Assert.Equal(line.SecretsFile, argv[IndexAfter(argv, "file")]);
    }

    [Fact]
    public void Netifd_flavor_runs_our_hooks_instead_of_etc_ppp_and_passes_their_environment_with_set()
    {
        var paths = Paths with { NetifdLibDir = "/opt/netifd" };
        var line = PppCommand.Build(Options(("apn", "internet"), ("defaultroute", "1"), ("pdptype", "IPV4V6")), "wan", "/dev/ttyUSB0", paths, PppFlavor.Netifd, "/usr/sbin/huaweiwwan",
            "/usr/sbin/pppd", [new("HUAWEIWWAN_CONFIG", "/var/run/huaweiwwan/wan.config.json"), new("HUAWEIWWAN_UBUS", "/tmp/ubus.sock")]);
        var argv = line.Argv;
        Assert.Equal("/opt/netifd/huaweiwwan-ppp-up", argv[IndexAfter(argv, "ip-up-script")]);
        Assert.Equal("/opt/netifd/huaweiwwan-ppp6-up", argv[IndexAfter(argv, "ipv6-up-script")]);
        Assert.Equal("/opt/netifd/huaweiwwan-ppp-down", argv[IndexAfter(argv, "ip-down-script")]);
        Assert.Equal("/opt/netifd/huaweiwwan-ppp-down", argv[IndexAfter(argv, "ipv6-down-script")]);
        var sets = argv.Select((a, i) => (a, i)).Where(x => x.a == "set").Select(x => argv[x.i + 1]).ToList();
        Assert.Equal(["HUAWEIWWAN_CONFIG=/var/run/huaweiwwan/wan.config.json", "HUAWEIWWAN_UBUS=/tmp/ubus.sock"], sets);
        Assert.Contains("nodefaultroute", argv);

        // IPv4 only: no IPV6CP, so no IPv6 hooks (which pppd before 2.5 does not know).
        var v4 = PppCommand.Build(Options(("apn", "internet")), "wan", "/dev/ttyUSB0", paths, PppFlavor.Netifd, "/usr/sbin/huaweiwwan").Argv;
        Assert.Equal("/opt/netifd/huaweiwwan-ppp-up", v4[IndexAfter(v4, "ip-up-script")]);
        Assert.DoesNotContain("ipv6-up-script", v4);
        Assert.DoesNotContain("ipv6-down-script", v4);
    }

    [Theory]
    [InlineData("lower", "/x")]
    [InlineData("HUAWEIWWAN_CONFIG", "/x y")]
    [InlineData("HUAWEIWWAN_CONFIG", "relative")]
    public void Script_environment_that_could_break_pppds_options_is_refused(string name, string value) =>
        Assert.Equal(ErrorCodes.ConfigInvalid, Assert.Throws<SessionException>(() => PppCommand.Build(new InterfaceOptions(), "wan", "/dev/ttyUSB0", Paths,
            PppFlavor.Netifd, "/usr/sbin/huaweiwwan", "/usr/sbin/pppd", [new(name, value)])).Error.Code);

    [Fact]
    public void Username_and_password_are_never_on_argv_but_in_a_0600_options_file()
    {
        var line = PppCommand.Build(Options(("username", "bob"), ("password", "s3cret#x"), ("auth", "chap")), "wan", "/dev/ttyUSB0", Paths);
        Assert.DoesNotContain(line.Argv, a => a.Contains("s3cret", StringComparison.Ordinal) || a.Contains("bob", StringComparison.Ordinal));
        Assert.NotNull(line.SecretsFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(line.SecretsFile!));
        Assert.Equal("user \"bob\"\npassword \"s3cret#x\"\n", File.ReadAllText(line.SecretsFile!));
        PppCommand.RemoveSecrets(line);
        Assert.False(File.Exists(line.SecretsFile));
    }

    [Fact]
    public void Standalone_flavor_names_ppp_iface_and_leaves_routes_and_resolv_conf_to_us()
    {
        var line = PppCommand.Build(Options(("pdptype", "IPV4V6"), ("peerdns", "0"), ("keepalive", "0"), ("dialnumber", "*99#")),
            "mobile", "/dev/ttyACM0", Paths, PppFlavor.Standalone, "/opt/huaweiwwan");
        var argv = line.Argv;
        Assert.Equal("ppp-mobile", argv[IndexAfter(argv, "ifname")]);
        Assert.Contains("nocrtscts", argv);
        Assert.Contains("nodefaultroute", argv);
        Assert.DoesNotContain("usepeerdns", argv);
        Assert.Contains("+ipv6", argv);
        Assert.Equal("0", argv[IndexAfter(argv, "lcp-echo-interval")]);
        // Our generated hooks in the state directory: never /etc/ppp/ip-up and the distribution's ip-up.d.
        Assert.Equal(PppHookScript.UpPath(Paths, "mobile"), argv[IndexAfter(argv, "ip-up-script")]);
        Assert.Equal(PppHookScript.DownPath(Paths, "mobile"), argv[IndexAfter(argv, "ip-down-script")]);
        Assert.Contains("--dial '*99#'", argv[IndexAfter(argv, "connect")]);
        Assert.Null(line.SecretsFile);
    }

    [Theory]
    [InlineData("password", "pa\"ss")]
    [InlineData("password", "pa\nss")]
    [InlineData("apn", "inter;net")]
    [InlineData("apn", "inter\rnet")]
    [InlineData("username", "bo\0b")]
    public void Injection_is_refused_before_anything_is_written(string name, string value)
    {
        var options = new InterfaceOptions { Apn = "internet", Username = "bob", Password = "pw", Auth = "pap" };
        options = name switch
        {
            "password" => options with { Password = value },
            "apn" => options with { Apn = value },
            _ => options with { Username = value },
        };
        var e = Assert.Throws<SessionException>(() => PppCommand.Build(options, "wan", "/dev/ttyUSB0", Paths));
        Assert.Equal(ErrorCodes.ConfigInvalid, e.Error.Code);
        Assert.Contains(name, e.Error.Message);
        if (name == "password") Assert.DoesNotContain(value, e.Error.Message);
        Assert.Empty(Directory.GetFiles(_state));
    }

    [Theory]
    [InlineData("wan;rm")]
    [InlineData("a'b")]
    [InlineData("")]
    public void Odd_interface_names_are_refused(string iface) =>
        Assert.Equal(ErrorCodes.ConfigInvalid, Assert.Throws<SessionException>(() => PppCommand.Build(new InterfaceOptions(), iface, "/dev/ttyUSB0", Paths)).Error.Code);

    [Theory]
    [InlineData(16, "PPP_MODEM_HANGUP")]
    [InlineData(19, "PPP_AUTH_FAILED")]
    [InlineData(7, "PPP_CONNECT_SCRIPT_FAILED")]
    [InlineData(8, "PPP_CONNECT_SCRIPT_FAILED")]
    [InlineData(4, "PPP_FAILED")]
    [InlineData(10, "PPP_FAILED")]
    [InlineData(15, "PPP_FAILED")]
    public void Exit_codes_map_to_errors_with_pppd_meaning(int code, string expected)
    {
        var error = PppExitCodes.ToError(code);
        Assert.Equal(expected, error.Code);
        Assert.Contains($"status {code}", error.Message);
        Assert.Contains(PppExitCodes.Meaning(code), error.Message);
    }

    [Theory]
    [InlineData(19, true)]
    [InlineData(4, true)]
    [InlineData(2, true)]
    [InlineData(16, false)]
    [InlineData(8, false)]
    public void Only_failures_that_repeat_identically_are_fatal(int code, bool fatal) => Assert.Equal(fatal, PppExitCodes.ToError(code).Fatal);

    /// <summary>
    /// pppd's own option parser accepts everything we build. This kernel has no PPP, so pppd stops right after
    /// parsing with status 4; a kernel with PPP would open the pty and run the connect command (/bin/false: 8).
    /// Status 2 would be an option error.
    /// </summary>
    [Theory]
    [InlineData(PppFlavor.Netifd, "IP", "pap")]
    [InlineData(PppFlavor.Netifd, "IPV4V6", "chap")]
    [InlineData(PppFlavor.Standalone, "IPV4V6", "chap")]
    [InlineData(PppFlavor.Standalone, "IPV6", "none")]
    public async Task Pppd_accepts_the_arguments(PppFlavor flavor, string pdptype, string auth)
    {
        using var pty = Pty.Open();
        var items = new List<(string, string)> { ("apn", "internet"), ("pdptype", pdptype), ("auth", auth), ("mtu", "1500"), ("metric", "10") };
        if (auth != "none") items.AddRange([("username", "bob"), ("password", "s3cret")]);
        // The netifd flavor as the session builds it: our hooks and their environment via `set` (pppd 2.4.8+).
        var line = PppCommand.Build(Options(items.ToArray()), "wan", pty.SlavePath, Paths with { NetifdLibDir = _state }, flavor, "/bin/false",
            PppCommand.DefaultPppd, [new("HUAWEIWWAN_CONFIG", Path.Combine(_state, "wan.config.json")), new("HUAWEIWWAN_UBUS", "/var/run/ubus/ubus.sock")]);
        var argv = line.Argv.ToList();
        if (flavor == PppFlavor.Netifd && pdptype != "IP" && !await PppdKnowsIpv6ScriptsAsync())
        {
            // OpenWrt's pppd has ipv6-up-script/ipv6-down-script (as upstream 2.5.0 does); Debian 12's 2.4.9 does not:
            // judge everything else.
            Assert.Contains("ipv6-up-script", argv);
            foreach (var option in new[] { "ipv6-up-script", "ipv6-down-script" })
                argv.RemoveRange(argv.IndexOf(option), 2);
        }
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        using var pppd = Process.Start(start)!;
        var output = pppd.StandardOutput.ReadToEndAsync();
        var errors = pppd.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await pppd.WaitForExitAsync(bound.Token); }
        catch (OperationCanceledException)
        {
            pppd.Kill();
            Assert.Fail("pppd did not stop within 15 s");
        }
        var text = await output + await errors;
        Assert.True(pppd.ExitCode is PppExitCodes.NoKernelSupport or PppExitCodes.ConnectFailed, $"pppd exit {pppd.ExitCode}: {text}");
        Assert.DoesNotContain("unrecognized option", text);
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain(argv, a => a.Contains("bob", StringComparison.Ordinal));
    }

    private static async Task<bool> PppdKnowsIpv6ScriptsAsync()
    {
        var start = new ProcessStartInfo(PppCommand.DefaultPppd, ["ipv6-up-script", "/bin/true", "--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var pppd = Process.Start(start)!;
        var text = await pppd.StandardError.ReadToEndAsync() + await pppd.StandardOutput.ReadToEndAsync();
        await pppd.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        return !text.Contains("unrecognized option 'ipv6-up-script'", StringComparison.Ordinal);
    }
}
