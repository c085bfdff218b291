using WwanProto.Core.Config;
using WwanProto.ModemSim;
using WwanProto.Tests.Standalone;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.HiLink;

/// <summary>
/// One session from a stick in storage mode (12d1:1f01) to a HiLink link: `usbmode hilink` switches it to 14dc,
/// the web API's control plane unlocks and reads it, the Ethernet link reports usb0 for DHCP; when the stick's
/// call stays down, the recovery ladder (data switch off/on, then a reboot into storage mode) brings it back
/// through another switch. The stick's netdev lives in a test namespace; `ip` and the API sockets work there.
/// </summary>
public sealed class HiLinkSessionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Usbmode_hilink_switch_then_the_hilink_link_end_to_end_and_the_reboot_ladder()
    {
        using var ns = new TestNetns(veth: false);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "storage-1f01", NetDev = "usb0", CreateVeth = true, HostNetNs = ns.Name, DhcpServer = true, HiLinkAddresses = true,
            Card = new SimCardOptions { State = "pin", Pin = "4711" },
        });
        var options = new InterfaceOptions { Device = sim.UsbPath, UsbMode = "hilink", PinCode = "4711", Timeout = 10, HiLinkDataSwitch = true };
        var harness = new HiLinkSessionHarness(sim, ns, options, TimeSpan.FromMilliseconds(500),
            new RecordingUsbTransport { OnBulkOut = bytes => sim.AcceptSwitchMessage(bytes) });
        var (session, reporter) = (harness.Session, harness.Reporter);
        string[] Logged() => harness.Logged();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        try
        {
            var up = await reporter.WaitUpAsync(1, Bound);
            Assert.Equal("usb0", up.Ifname);
            Assert.True(up.Dhcp);
            Assert.Equal(0x14dc, sim.CurrentPid);
            Assert.Equal(sim.Imei, up.Status.Imei);
            Assert.Equal("SimNet Mobile", reporter.LastStatus!.Operator);
            Assert.Equal("LTE", reporter.LastStatus.Rat);
            Assert.Equal(901, sim.HiLink.ConnectionStatus);
            Assert.Single(sim.HiLink.Log, l => l.StartsWith("POST /api/pin/operate -> ok", StringComparison.Ordinal));
            // The API's LAN address came from the stick's DHCP, in the test's namespace only.
            Assert.Contains("inet 192.168.8.100/24", ns.Ip("-4", "addr", "show", "dev", "usb0"));

            // The stick's dialler hangs: switch off/on does not help, so the stick is rebooted; it returns as 1f01, is
            // switched to HiLink again, and the link comes back.
            sim.HiLink.HangDialler();
            var second = await reporter.WaitUpAsync(2, Bound);
            Assert.Equal("usb0", second.Ifname);
            Assert.True(sim.Enumerations >= 4, $"enumerations {sim.Enumerations}");
            Assert.Contains(Logged(), l => l.Contains("turning its data switch off and on", StringComparison.Ordinal));
            Assert.Contains(Logged(), l => l.Contains("rebooting the stick", StringComparison.Ordinal));
            Assert.Contains(reporter.Downs, d => d.Contains("the stick was rebooted", StringComparison.Ordinal));
            // The PIN: once per SIM power-up, never twice for one.
            Assert.Equal(2, sim.HiLink.Log.Count(l => l.StartsWith("POST /api/pin/operate", StringComparison.Ordinal)));
        }
        finally
        {
            await stop.CancelAsync();
            var error = await run.WaitAsync(Bound);
            Assert.Null(error);
        }
        Assert.False(sim.HiLink.DataSwitch); // hilink_dataswitch: off at teardown
    }
}
