using WwanProto.ModemSim;
using WwanProto.Tests.Standalone;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// netifd flows for devices that are routers on USB: the shim's setup, the proto task (run inside the test's
/// namespace, where the device's usb0 is), link-up with the dhcp child added through add_dynamic.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdRouterFlowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("android", "Google")]
    [InlineData("hilink", "Huawei")]
    public async Task Shim_session_and_dhcp_child(string profile, string manufacturer)
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        using var ns = new TestNetns(veth: false);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, NetDev = "usb0", CreateVeth = true, HostNetNs = ns.Name, DhcpServer = true });
        var env = NetifdSessionFlowTests.SimEnv(sim);
        var setup = await netifd.ActionAsync("setup", "wan", $$"""{"proto":"huaweiwwan","device":"{{sim.UsbPath}}"}""", env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")), netns: ns.Name);
        IReadOnlyList<RecordedCall> calls;
        try { calls = await ubusd.WaitForAsync(c => c.Any(x => x.Method == "add_dynamic"), Bound); }
        catch (TimeoutException) { Assert.Fail($"no link-up:\n{(task.HasExited ? await task.StderrAsync() : "(still running)")}"); throw; }
        var up = calls.First(x => x.Method == "notify_proto" && x.Action == 0).Root;
        Assert.True(up.GetProperty("link-up").GetBoolean());
        Assert.Equal("usb0", up.GetProperty("ifname").GetString());
        Assert.False(up.TryGetProperty("ipaddr", out _)); // the dhcp child addresses it
        Assert.Contains("\"proto\":\"dhcp\"", calls.First(x => x.Method == "add_dynamic").Json, StringComparison.Ordinal);
        Assert.Equal(manufacturer, up.GetProperty("data").GetProperty("manufacturer").GetString());

        ubusd.SetTearingDown("wan", true);
        Assert.Equal(0, (await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env)).Exit);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(Bound));
    }

    /// <summary>A phone replugged that comes back as usb1: the same session follows it by its USB path and reports the new ifname.</summary>
    [Fact]
    public async Task A_tethering_phone_back_under_a_new_netdev_name_is_followed_and_the_new_ifname_notified()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        using var ns = new TestNetns(veth: false);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "android", NetDev = "usb0", CreateVeth = true, HostNetNs = ns.Name, DhcpServer = true });
        var env = NetifdSessionFlowTests.SimEnv(sim);
        var setup = await netifd.ActionAsync("setup", "wan", $$"""{"proto":"huaweiwwan","device":"{{sim.UsbPath}}"}""", env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")), netns: ns.Name);
        static bool Up(RecordedCall c, string ifname) =>
            c.Method == "notify_proto" && c.Action == 0 && c.Root.TryGetProperty("link-up", out var l) && l.GetBoolean()
            && c.Root.TryGetProperty("ifname", out var i) && i.GetString() == ifname;
        try { await ubusd.WaitForAsync(c => c.Any(x => Up(x, "usb0")), Bound); }
        catch (TimeoutException) { Assert.Fail($"no link-up:\n{(task.HasExited ? await task.StderrAsync() : "(still running)")}"); throw; }

        await sim.ReplugAsync(TimeSpan.FromMilliseconds(800), "usb1");
        IReadOnlyList<RecordedCall> calls;
        try { calls = await ubusd.WaitForAsync(c => c.Any(x => Up(x, "usb1")), Bound); }
        catch (TimeoutException) { Assert.Fail($"not followed to usb1:\n{(task.HasExited ? await task.StderrAsync() : "(still running)")}"); throw; }
        Assert.False(task.HasExited);
        var notifies = calls.Where(x => x.Method == "notify_proto").ToList();
        Assert.Contains(notifies, x => x.Action == 0 && x.Root.TryGetProperty("link-up", out var l) && !l.GetBoolean());
        Assert.DoesNotContain(notifies, x => x.Action == 4);
        // The dhcp child is "@wan": it follows the interface's l3 device, which the link-up above moved to usb1.
        Assert.Contains(calls, x => x.Method == "add_dynamic" && x.Json.Contains("\"ifname\":\"@wan\"", StringComparison.Ordinal));

        ubusd.SetTearingDown("wan", true);
        Assert.Equal(0, (await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env)).Exit);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(Bound));
    }
}
