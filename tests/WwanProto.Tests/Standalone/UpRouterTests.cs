using System.Text;
using WwanProto.Core.Standalone;
using WwanProto.ModemSim.HiLink;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up` on devices that are routers on USB: an Android phone tethering over RNDIS (no control plane)
/// and a HiLink stick (its web API for SIM, PIN, status and the data switch), both addressed by DHCP from the device.
/// </summary>
public sealed class UpRouterTests
{
    private static string Config(StandaloneRig rig, string extra = "") =>
        WriteConfig(rig, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{rig.Sim.UsbPath}'\n{extra}");

    private static string WriteConfig(StandaloneRig rig, string text)
    {
        var path = Path.Combine(rig.Dir, "network");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Android_tethering_connects_by_dhcp_and_reconnects_after_unplug()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-android-", "android");
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", Config(rig), "--resolv", Path.Combine(rig.Dir, "resolv", "huaweiwwan-wan"));
        try
        {
            await rig.WaitConnectedAsync(up, log);
            Assert.Contains("inet 192.168.42.218/24", rig.Ns.Ip("-4", "addr", "show", "dev", "usb0"));
            Assert.Contains("default via 192.168.42.129 dev usb0", rig.Ns.Ip("-4", "route", "show"));
            var status = StatusFile.Read(rig.StatusPath)!;
            Assert.Equal("Google", status.Modem.Manufacturer);
            Assert.Equal("ethernet", status.Modem.LinkType);

            // Unplug and plug back in: the link is lost with the carrier and comes back in place.
            await rig.Sim.ResetAsync(TimeSpan.FromMilliseconds(800));
            // Connected again with a reconnect counted AND the address back on the new usb0: the status file can say
            // "connected" (reconnects 1) from a carrier blip that was handled before the netdev went away.
            await WaitForAsync(up, log, () => StatusFile.Read(rig.StatusPath) is { Modem.Reconnects: >= 1, Modem.State: "connected", Ipv4: not null }
                && AddressOn(rig, "usb0").Contains("inet 192.168.42.218/24", StringComparison.Ordinal));
        }
        finally { await StopAsync(up); }
    }

    private static string AddressOn(StandaloneRig rig, string netdev)
    {
        try { return rig.Ns.Ip("-4", "addr", "show", "dev", netdev); }
        catch (Exception) { return ""; } // the netdev is away (unplugged) right now
    }

    [Fact]
    public async Task A_tethering_phone_back_under_a_new_netdev_name_is_followed_in_place()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-android-rename-", "android");
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", Config(rig), "--resolv", Path.Combine(rig.Dir, "resolv", "huaweiwwan-wan"));
        try
        {
            await rig.WaitConnectedAsync(up, log);
            Assert.Contains("inet 192.168.42.218/24", rig.Ns.Ip("-4", "addr", "show", "dev", "usb0"));

            // Unplugged, back as usb1 (same USB path): found again by its USB identity, the new netdev used, same process.
            await rig.Sim.ReplugAsync(TimeSpan.FromMilliseconds(800), "usb1");
            await WaitForAsync(up, log, () => StatusFile.Read(rig.StatusPath) is { Modem.Reconnects: >= 1, Modem.State: "connected", Ipv4: not null, Ifname: "usb1" });
            Assert.Contains("inet 192.168.42.218/24", rig.Ns.Ip("-4", "addr", "show", "dev", "usb1"));
            Assert.Contains("default via 192.168.42.129 dev usb1", rig.Ns.Ip("-4", "route", "show"));
            Assert.False(up.HasExited);
        }
        finally { await StopAsync(up); }
    }

    [Fact]
    public async Task A_hilink_stick_is_unlocked_through_its_api_and_connects_by_dhcp()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-hilink-", "hilink",
            new HiLinkWebOptions { DataSwitch = false, ExpectedApn = "web.sim" }, new ModemSim.SimCardOptions { State = "pin", Pin = "4711" });
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", Config(rig, "\toption pincode '4711'\n\toption apn 'web.sim'\n\toption hilink_dataswitch '1'\n"),
            "--resolv", Path.Combine(rig.Dir, "resolv", "huaweiwwan-wan"));
        try
        {
            await rig.WaitConnectedAsync(up, log);
            Assert.Contains("inet 192.168.8.100/24", rig.Ns.Ip("-4", "addr", "show", "dev", "usb0"));
            Assert.Equal(HiLinkMonitoringStatusConnected, rig.Sim.HiLink.ConnectionStatus);
            Assert.True(rig.Sim.HiLink.DataSwitch);
            Assert.Equal("web.sim", rig.Sim.HiLink.CurrentApn);
            Assert.Single(rig.Sim.HiLink.Log, l => l.StartsWith("POST /api/pin/operate -> ok", StringComparison.Ordinal));
            var status = StatusFile.Read(rig.StatusPath)!;
            Assert.Equal(rig.Sim.Imei, status.Modem.Imei);
            Assert.Equal("SimNet Mobile", status.Modem.Operator);
            Assert.Equal("LTE", status.Modem.Rat);
            Assert.DoesNotContain("4711", log.ToString(), StringComparison.Ordinal);
        }
        finally { await StopAsync(up); }
        // hilink_dataswitch: off again at teardown.
        Assert.False(rig.Sim.HiLink.DataSwitch);
    }

    [Fact]
    public async Task Mode_and_plmn_go_through_the_sticks_api()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-hilink-mode-", "hilink");
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", Config(rig, "\toption mode 'lte'\n\toption plmn '26201'\n"),
            "--resolv", Path.Combine(rig.Dir, "resolv", "huaweiwwan-wan"));
        try
        {
            await rig.WaitConnectedAsync(up, log);
            Assert.Equal("03", rig.Sim.HiLink.NetworkMode);
            Assert.Equal("26201", rig.Sim.HiLink.ManualPlmn);
            Assert.Contains("mode lte set (NetworkMode 03", log.ToString(), StringComparison.Ordinal);
            Assert.Contains(rig.Sim.HiLink.Log, l => l.StartsWith("POST /api/net/register -> ok", StringComparison.Ordinal));
        }
        finally { await StopAsync(up); }
    }

    [Fact]
    public async Task Firmware_without_the_selection_api_keeps_its_own_and_says_so()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-hilink-nomode-", "hilink", new HiLinkWebOptions { NoNetworkSelectionApi = true });
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", Config(rig, "\toption mode 'lte'\n\toption plmn '26201'\n"),
            "--resolv", Path.Combine(rig.Dir, "resolv", "huaweiwwan-wan"));
        try
        {
            await rig.WaitConnectedAsync(up, log);
            Assert.Equal("00", rig.Sim.HiLink.NetworkMode);
            Assert.Contains("mode lte not applied: the stick's firmware has no /api/net/net-mode", log.ToString(), StringComparison.Ordinal);
            Assert.Contains("plmn 26201 not applied: the stick's firmware has no /api/net/register", log.ToString(), StringComparison.Ordinal);
        }
        finally { await StopAsync(up); }
    }

    [Fact]
    public async Task A_refused_plmn_is_plmn_failed_naming_the_plmn_and_the_api_error()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-hilink-plmn-", "hilink");
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", Config(rig, "\toption plmn '99999'\n"));
        try
        {
            await WaitForAsync(up, log, () => { lock (log) return log.ToString().Contains("PLMN_FAILED", StringComparison.Ordinal); });
            var text = log.ToString();
            Assert.Contains("selecting operator 99999 through /api/net/register", text, StringComparison.Ordinal);
            Assert.Contains("100006", text, StringComparison.Ordinal);
            Assert.Null(rig.Sim.HiLink.ManualPlmn);
        }
        finally { await StopAsync(up); }
    }

    [Fact]
    public async Task A_wrong_pin_through_the_api_is_sent_once_and_blocks()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-hilink-pin-", "hilink", card: new ModemSim.SimCardOptions { State = "pin", Pin = "4711" });
        var (code, _, err) = await rig.RunAsync(TimeSpan.FromSeconds(90), "up", "--config", Config(rig, "\toption pincode '1111'\n"));
        Assert.NotEqual(0, code);
        Assert.Contains("PIN_FAILED", err, StringComparison.Ordinal);
        Assert.Contains("103002 (PIN verification failed)", err, StringComparison.Ordinal);
        Assert.DoesNotContain("1111", err, StringComparison.Ordinal);
        Assert.Single(rig.Sim.HiLink.Log, l => l.StartsWith("POST /api/pin/operate", StringComparison.Ordinal));
    }

    private const int HiLinkMonitoringStatusConnected = 901;

    private static async Task WaitForAsync(System.Diagnostics.Process up, StringBuilder log, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (up.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"condition not reached (exited: {up.HasExited}):\n{log}");
            await Task.Delay(50);
        }
    }

    private static async Task StopAsync(System.Diagnostics.Process up)
    {
        if (!up.HasExited) System.Diagnostics.Process.Start("kill", ["-TERM", up.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit(5000);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await up.WaitForExitAsync(bound.Token); }
        catch (OperationCanceledException) { up.Kill(entireProcessTree: true); }
    }
}
