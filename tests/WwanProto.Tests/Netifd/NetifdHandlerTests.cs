using System.Text.Json;
using WwanProto.Core;
using WwanProto.Core.Netifd;
using WwanProto.ModemSim;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>The handler roles run exactly as netifd runs them (shim, busybox ash, cwd, argv, env) against the ubusd double.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdHandlerTests
{
    [Fact]
    public async Task Dump_through_the_shim_is_the_schema_object()
    {
        await using var ubusd = new UbusdDouble();
        using var netifd = new NetifdHarness(ubusd);
        var run = await netifd.DumpAsync();
        Assert.True(run.Exit == 0, run.Stderr);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(NetifdDump.ToUtf8()), run.Stdout);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("huaweiwwan", doc.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Config_error_reports_the_code_and_option_then_blocks_restart()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var run = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"inter;net","pincode":"12"}""");
        Assert.Equal(1, run.Exit);
        var calls = ubusd.Notifications("wan");
        Assert.Equal([3, 4], calls.Select(c => c.Action));
        Assert.Equal(["INVALID_APN", "apn"], calls[0].Root.GetProperty("error").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("option 'apn' = 'inter;net'", run.Stderr);
        Assert.Contains("option 'pincode'", run.Stderr);
        Assert.DoesNotContain("'12'", run.Stderr); // a secret is never echoed, even a wrong one
        Assert.False(File.Exists(Path.Combine(netifd.StateDir, "wan.config.json")));
    }

    [Fact]
    public async Task Every_config_error_is_logged_and_one_notify_carries_the_first_code()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var run = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"internet","mode":"5g-only","timeout":"soon","password":"se;cret","auth":"chap"}""");
        Assert.Equal(1, run.Exit);
        var calls = ubusd.Notifications("wan");
        Assert.True(calls.Count == 2, run.Stderr);
        Assert.Equal([3, 4], calls.Select(c => c.Action));
        var error = calls[0].Root.GetProperty("error").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal("INVALID_" + error[1]!.ToUpperInvariant(), error[0]);
        Assert.Contains("option 'mode' = '5g-only'", run.Stderr);
        Assert.Contains("option 'timeout' = 'soon'", run.Stderr);
        Assert.Contains("option 'password'", run.Stderr);
        Assert.DoesNotContain("se;cret", run.Stderr);
        Assert.Contains("reporting " + error[0], run.Stderr);
    }

    [Fact]
    public async Task Broken_json_is_CONFIG_INVALID()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var run = await netifd.ActionAsync("setup", "wan", """{"proto":""");
        Assert.Equal(1, run.Exit);
        var calls = ubusd.Notifications("wan");
        Assert.Equal([3, 4], calls.Select(c => c.Action));
        Assert.Equal("CONFIG_INVALID", calls[0].Root.GetProperty("error")[0].GetString());
    }

    [Fact]
    public async Task Setup_starts_the_session_as_the_proto_task_with_no_secret_on_argv()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        const string json = """{"proto":"huaweiwwan","device":"1-1.2","apn":"internet","auth":"chap","username":"u","password":"s3cr3t-pw","pincode":"4711","dhcp":false,"profile":2,"metric":20}""";
        var run = await netifd.ActionAsync("setup", "wan", json);
        Assert.True(run.Exit == 0, run.Stderr);
        var call = Assert.Single(ubusd.Notifications("wan"));
        Assert.Equal(1, call.Action);
        var command = call.Root.GetProperty("command").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal([netifd.Binary, "session", "wan"], command);
        Assert.DoesNotContain(command, a => a.Contains("4711") || a.Contains("s3cr3t"));
        var env = call.Root.GetProperty("env").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.DoesNotContain(env, a => a.Contains("4711") || a.Contains("s3cr3t"));
        Assert.DoesNotContain("4711", run.Stderr);
        Assert.DoesNotContain("s3cr3t", run.Stderr);
        var file = env.Single(e => e.StartsWith("HUAWEIWWAN_CONFIG=", StringComparison.Ordinal))["HUAWEIWWAN_CONFIG=".Length..];
        Assert.Contains($"HUAWEIWWAN_UBUS={netifd.SocketPath}", env);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        var config = SessionConfigFile.Read(file);
        Assert.Equal("wan", config.Interface);
        Assert.Equal("4711", config.Options.PinCode);
        Assert.Equal("s3cr3t-pw", config.Options.Password);
        Assert.Equal(2, config.Options.Profile);
        Assert.Equal(20, config.Options.Metric);
        Assert.Equal("1-1.2", config.Options.Device);
    }

    [Fact]
    public async Task Teardown_sends_nothing_cleans_up_and_is_idempotent()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        const string json = """{"proto":"huaweiwwan","apn":"internet","pincode":"4711"}""";
        Assert.Equal(0, (await netifd.ActionAsync("setup", "wan", json)).Exit);
        ubusd.SetTearingDown("wan", true);
        var first = await netifd.ActionAsync("teardown", "wan", json, new Dictionary<string, string> { ["ERROR"] = "1" });
        var second = await netifd.ActionAsync("teardown", "wan", json, new Dictionary<string, string> { ["ERROR"] = "1" });
        Assert.True(first.Exit == 0, first.Stderr);
        Assert.True(second.Exit == 0, second.Stderr);
        Assert.Single(ubusd.Notifications("wan")); // only setup's action 1: teardown never notifies
        Assert.Empty(Directory.GetFiles(netifd.StateDir));
    }

    [Fact]
    public async Task Teardown_after_the_session_died_hangs_up_its_call_on_the_modem()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153" }, cts.Token);
        var port = sim.Paths.Dev("ttyUSB0");
        new LinkState(port, "ncm", 1, Connected: true).Write(new SystemPaths("/", "/", netifd.StateDir, "/"), "wan");
        var env = new Dictionary<string, string> { ["ERROR"] = "143", ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir };
        var run = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env);
        Assert.True(run.Exit == 0, run.Stderr);
        Assert.Contains("AT^NDISDUP=1,0", sim.CommandLog);
        Assert.Contains("hung up", run.Stderr);
        Assert.Empty(ubusd.Notifications("wan"));
        Assert.False(File.Exists(LinkState.PathFor(new SystemPaths("/", "/", netifd.StateDir, "/"), "wan")));

        var again = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env);
        Assert.Equal(0, again.Exit);
        Assert.Single(sim.CommandLog, c => c == "AT^NDISDUP=1,0"); // nothing left to hang up the second time
    }

    [Fact]
    public async Task Teardown_while_the_session_runs_leaves_its_port_alone()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153" }, cts.Token);
        new LinkState(sim.Paths.Dev("ttyUSB0"), "ncm", 1, Connected: true).Write(new SystemPaths("/", "/", netifd.StateDir, "/"), "wan");
        var run = await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", new Dictionary<string, string> { ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir });
        Assert.True(run.Exit == 0, run.Stderr);
        Assert.DoesNotContain(sim.CommandLog, c => c.StartsWith("AT^NDISDUP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renew_is_accepted()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var run = await netifd.ActionAsync("renew", "wan", """{"proto":"huaweiwwan"}""");
        Assert.Equal(0, run.Exit);
        Assert.Empty(ubusd.Notifications("wan"));
    }
}
