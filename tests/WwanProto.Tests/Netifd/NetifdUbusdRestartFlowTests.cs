using System.Text.Json;
using WwanProto.Core.Ubus;
using WwanProto.ModemSim;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// The real proto task (`huaweiwwan session`) across a ubusd restart: ubusd dies while the link is up,
/// procd respawns it on the same socket path; the session must connect again by itself, publish
/// huaweiwwan.wan again and tell netifd the link state again.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdUbusdRestartFlowTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("ubusd-respawn-").FullName;

    [Fact]
    public async Task Session_survives_a_ubusd_restart_with_its_status_object_and_link_state()
    {
        var socket = Path.Combine(_root, "ubus.sock");
        var first = new UbusdDouble(socket, "wan");
        using var netifd = new NetifdHarness(first);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153" }).WaitAsync(Bound);
        var env = NetifdSessionFlowTests.SimEnv(sim);
        var setup = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""", env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(first.Notifications("wan")));
        await first.WaitForAsync(c => c.Any(x => x.Action == 0), Bound);
        await WaitForObjectAsync(first, Bound);

        await first.DisposeAsync();
        await using var second = new UbusdDouble(socket, "wan");
        var calls = await second.WaitForAsync(c => c.Any(x => x.Action == 0), Bound);
        var up = calls.First(x => x.Action == 0).Root;
        Assert.True(up.GetProperty("link-up").GetBoolean());
        Assert.Equal(sim.NetDev, up.GetProperty("ifname").GetString());
        Assert.True(up.GetProperty("ipaddr").GetArrayLength() > 0);

        await WaitForObjectAsync(second, Bound);
        await using (var luci = await UbusConnection.ConnectAsync(socket))
        {
            var status = JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "status", BlobmsgJson.FromJson("{}"))).ToJson()).RootElement;
            Assert.Equal(sim.Imei, status.GetProperty("imei").GetString());
        }

        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(Bound));
        var log = await task.StderrAsync();
        Assert.Single(log.Split('\n'), l => l.Contains("connection to ubusd lost", StringComparison.Ordinal));
        Assert.Single(log.Split('\n'), l => l.Contains("connected to ubusd again", StringComparison.Ordinal));
    }

    /// <summary>The object appears once the session (re)publishes it; polled, since the double has no event for it.</summary>
    private static async Task WaitForObjectAsync(UbusdDouble ubusd, TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        while (ubusd.ObjectId("huaweiwwan.wan") == 0)
            await Task.Delay(20, cts.Token);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
