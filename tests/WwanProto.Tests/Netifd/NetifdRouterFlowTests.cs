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
}
