using System.Diagnostics;
using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// pppd's hooks when pppd is the proto task: the installed shims run exactly as pppd runs its scripts
/// (executed directly, argv `ifname tty speed local remote ipparam`, a clean environment of pppd's variables
/// plus what the session passed with `set`), against the ubusd double.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdPppHookTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    internal static InterfaceOptions Options(params (string Name, string Value)[] items)
    {
        var (options, errors) = OptionParser.Parse(items.ToDictionary(i => i.Name, i => RawValue.Of(i.Value)));
        Assert.Empty(errors);
        return options!;
    }

    /// <summary>What the session leaves for the hooks: its config file and the handoff with the modem data.</summary>
    private static string Prepare(NetifdHarness netifd, params (string Name, string Value)[] options)
    {
        var paths = new SystemPaths("/sys", "/dev", netifd.StateDir, netifd.StateDir);
        var raw = options.ToDictionary(i => i.Name, i => RawValue.Of(i.Value));
        var config = SessionConfigFile.Write(paths, "wan", new SessionConfig("wan", Options(options), raw, "wan"));
        new PppHandoff("/dev/ttyUSB0", "3g-wan", new ModemStatus { Imei = "861234567890123", Model = "E3131", Operator = "Sim Net", Rat = "umts", SignalDbm = -71, SimState = "ready" })
            .Write(paths, "wan");
        return config;
    }

    /// <summary>Runs /lib/netifd/huaweiwwan-HOOK as pppd does; returns exit code and stderr.</summary>
    internal static async Task<(int Exit, string Stderr)> RunHookAsync(NetifdHarness netifd, string hook, string configFile, IReadOnlyDictionary<string, string> pppdEnv,
        string local = "10.64.64.64", string remote = "10.64.64.65")
    {
        var psi = new ProcessStartInfo(Path.Combine(netifd.LibDir, "huaweiwwan-" + hook)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "3g-wan", "/dev/ttyUSB0", "115200", local, remote, "wan" }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        psi.Environment["IFNAME"] = "3g-wan";
        psi.Environment["DEVICE"] = "/dev/ttyUSB0";
        psi.Environment["IPLOCAL"] = local;
        psi.Environment["IPREMOTE"] = remote;
        psi.Environment["PPPD_PID"] = "1";
        // pppd's `set` options, as NetifdPppLink passes them.
        psi.Environment["HUAWEIWWAN_CONFIG"] = configFile;
        psi.Environment["HUAWEIWWAN_UBUS"] = netifd.SocketPath;
        psi.Environment["HUAWEIWWAN_BIN"] = netifd.Binary;
        psi.Environment["HUAWEIWWAN_STATEDIR"] = netifd.StateDir;
        foreach (var (k, v) in pppdEnv) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Bound);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(true);
            throw new TimeoutException($"hook {hook} did not finish within {Bound}");
        }
        return (p.ExitCode, await stderr);
    }

    [Fact]
    public async Task Ppp_up_reports_the_link_as_openwrts_ppp_up_does_with_data_and_resets_the_attempts()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var config = Prepare(netifd, ("apn", "internet"), ("password", "s3cret"), ("username", "u"));
        var paths = new SystemPaths("/sys", "/dev", netifd.StateDir, netifd.StateDir);
        PppAttempts.Increment(paths, "wan");

        var (exit, stderr) = await RunHookAsync(netifd, "ppp-up", config, new Dictionary<string, string> { ["USEPEERDNS"] = "1", ["DNS1"] = "10.11.12.13", ["DNS2"] = "10.11.12.14" });
        Assert.True(exit == 0, stderr);
        var up = Assert.Single(ubusd.Notifications("wan"));
        var root = up.Root;
        Assert.Equal(0, up.Action);
        Assert.True(root.GetProperty("link-up").GetBoolean());
        Assert.Equal("3g-wan", root.GetProperty("ifname").GetString());
        Assert.True(root.GetProperty("keep").GetBoolean());
        Assert.True(root.GetProperty("address-external").GetBoolean());
        var addr = Assert.Single(root.GetProperty("ipaddr").EnumerateArray());
        Assert.Equal("10.64.64.64", addr.GetProperty("ipaddr").GetString());
        Assert.Equal("32", addr.GetProperty("mask").GetString());
        Assert.Equal("10.64.64.65", addr.GetProperty("ptp").GetString());
        var route = Assert.Single(root.GetProperty("routes").EnumerateArray());
        Assert.Equal("0.0.0.0", route.GetProperty("target").GetString());
        Assert.Equal("10.64.64.65", route.GetProperty("gateway").GetString());
        Assert.Equal(["10.11.12.13", "10.11.12.14"], root.GetProperty("dns").EnumerateArray().Select(d => d.GetString()));
        var data = root.GetProperty("data");
        Assert.Equal("861234567890123", data.GetProperty("imei").GetString());
        Assert.Equal("E3131", data.GetProperty("model").GetString());
        Assert.Equal("Sim Net", data.GetProperty("operator").GetString());
        Assert.Equal(-71, data.GetProperty("signal").GetInt32());
        Assert.Equal("ppp", data.GetProperty("link_type").GetString());
        Assert.Equal(0, PppAttempts.Read(paths, "wan"));
        Assert.DoesNotContain("s3cret", stderr);
    }

    [Fact]
    public async Task Ppp_up_leaves_out_route_and_dns_the_interface_does_not_want()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var config = Prepare(netifd, ("apn", "internet"), ("defaultroute", "0"), ("peerdns", "0"));
        // Without usepeerdns pppd sets no DNS variables; with peerdns=0 we would drop them anyway.
        var (exit, stderr) = await RunHookAsync(netifd, "ppp-up", config, new Dictionary<string, string> { ["USEPEERDNS"] = "1", ["DNS1"] = "10.11.12.13" });
        Assert.True(exit == 0, stderr);
        var root = Assert.Single(ubusd.Notifications("wan")).Root;
        Assert.True(root.TryGetProperty("ipaddr", out _));
        Assert.False(root.TryGetProperty("routes", out _));
        Assert.False(root.TryGetProperty("dns", out _));
    }

    [Fact]
    public async Task Ppp_up_refuses_addresses_that_are_not_ipv4()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var config = Prepare(netifd, ("apn", "internet"));
        var (exit, stderr) = await RunHookAsync(netifd, "ppp-up", config, new Dictionary<string, string>(), local: "10.0.0.1;x");
        Assert.Equal(2, exit);
        Assert.Contains("no usable IPv4 address", stderr);
        Assert.Empty(ubusd.Notifications("wan"));
    }

    [Fact]
    public async Task Ppp6_up_reports_the_link_local_address_and_adds_the_dhcpv6_child()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var config = Prepare(netifd, ("apn", "internet"), ("pdptype", "IPV4V6"), ("metric", "20"));
        var (exit, stderr) = await RunHookAsync(netifd, "ppp6-up", config,
            new Dictionary<string, string> { ["LLLOCAL"] = "fe80::1c2d:3e4f:5a6b:7c8d", ["LLREMOTE"] = "fe80::2" });
        Assert.True(exit == 0, stderr);
        var up = Assert.Single(ubusd.Notifications("wan")).Root;
        Assert.True(up.GetProperty("keep").GetBoolean());
        Assert.Equal("fe80::1c2d:3e4f:5a6b:7c8d", up.GetProperty("ip6addr")[0].GetProperty("ipaddr").GetString());
        var child = Assert.Single(ubusd.Calls, c => c.Method == "add_dynamic").Root;
        Assert.Equal("wan_6", child.GetProperty("name").GetString());
        Assert.Equal("@wan", child.GetProperty("ifname").GetString());
        Assert.Equal("dhcpv6", child.GetProperty("proto").GetString());
        Assert.Equal("1", child.GetProperty("extendprefix").GetString());
        Assert.Equal("wan", child.GetProperty("zone").GetString());
        Assert.Equal(20, child.GetProperty("metric").GetInt32());
    }

    [Fact]
    public async Task Ppp_down_reports_the_link_lost_and_is_quiet_when_netifd_tears_down()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        var config = Prepare(netifd, ("apn", "internet"));
        var (exit, stderr) = await RunHookAsync(netifd, "ppp-down", config, new Dictionary<string, string> { ["CONNECT_TIME"] = "12" });
        Assert.True(exit == 0, stderr);
        var down = Assert.Single(ubusd.Notifications("wan")).Root;
        Assert.False(down.GetProperty("link-up").GetBoolean());
        Assert.False(down.TryGetProperty("ipaddr", out _));

        ubusd.SetTearingDown("wan", true);
        (exit, stderr) = await RunHookAsync(netifd, "ppp-down", config, new Dictionary<string, string>());
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal(Core.Ubus.UbusStatus.PermissionDenied, ubusd.Notifications("wan")[1].Answer);
    }

    [Fact]
    public async Task A_hook_without_pppds_arguments_says_what_it_expected()
    {
        await using var ubusd = new UbusdDouble();
        using var netifd = new NetifdHarness(ubusd);
        var psi = new ProcessStartInfo(netifd.Binary, ["ppp-up", "3g-wan"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var stderr = await p.StandardError.ReadToEndAsync().WaitAsync(Bound);
        await p.WaitForExitAsync().WaitAsync(Bound);
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("ifname tty speed local remote ipparam", stderr);
    }
}
