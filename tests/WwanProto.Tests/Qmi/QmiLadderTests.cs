using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Qmi;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;
using WwanProto.Tests.Session;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.Qmi;

/// <summary>
/// The QMI recovery ladder in one session on the e392 simulator: the link is up, then the cdc-wdm goes mute and stays
/// mute until the device is reset (a hung QMI firmware task). Re-opening, CTL Sync and the operating-mode reset get no
/// answer, in that order; the USB reset (USBDEVFS_RESET through the usbdevfs double, which power-cycles the simulated
/// device) brings it back, and the session reconnects in place.
/// </summary>
public sealed class QmiLadderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_cdc_wdm_mute_until_reset_climbs_every_rung_in_order_and_the_usb_reset_brings_the_link_back()
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e392", RegistrationDelay = TimeSpan.FromMilliseconds(50), NdisConnectDelay = TimeSpan.FromMilliseconds(50),
        });
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath, Timeout = 10 };
        var log = new List<string>();
        void Write(string line) { lock (log) log.Add(line); }
        var transport = new RecordingUsbTransport { OnReset = () => _ = sim.ResetAsync(TimeSpan.FromMilliseconds(500)) };
        var switcher = new ModeSwitcher(sim.Paths, transport, SwitchRules.OwnOnly, new ModeSwitchOptions { WaitBound = TimeSpan.FromSeconds(10) });
        var connector = new UsbModemConnector(options.Device, options.UsbMode, sim.Paths, new AtPortProbe(sim.Paths.LockDir), null, switcher, Write,
            new ConnectorTuning { DeviceWait = TimeSpan.FromSeconds(20) })
        {
            ControlPlanes = QmiControl.Planes(),
        };
        var reporter = new RecordingReporter();
        var session = new ModemSession(options, sim.Paths, reporter, connector, new DataLinks { Qmi = QmiControl.Link },
            SessionRun.Fast with { SupervisionInterval = TimeSpan.FromMilliseconds(500) }, Write);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        try
        {
            var first = await reporter.WaitUpAsync(1, Bound);
            Assert.Equal("wwan0", first.Ifname);
            var enumerations = sim.Enumerations;

            sim.QmiMuted = true;
            var second = await reporter.WaitUpAsync(2, Bound);
            Assert.Equal("wwan0", second.Ifname);
            Assert.Equal(sim.Addresses.Client.ToString(), second.Ipv4!.Address);
            Assert.Equal(WwanProto.ModemSim.Engine.NdisState.Connected, sim.NdisState);

            string[] lines;
            lock (log) lines = [.. log];
            int At(string what)
            {
                var i = Array.FindIndex(lines, l => l.Contains(what, StringComparison.Ordinal));
                Assert.True(i >= 0, $"no '{what}' in\n{string.Join("\n", lines)}");
                return i;
            }
            var silent = At("cdc-wdm silent");
            var rungs = new[] { At("recovery 1: opening"), At("recovery 2: CTL Sync"), At("recovery 3: operating-mode reset"), At("recovery 4: USB reset"), At("(USBDEVFS_RESET)") };
            Assert.True(silent < rungs[0], string.Join("\n", lines));
            for (var i = 1; i < rungs.Length; i++) Assert.True(rungs[i - 1] < rungs[i], string.Join("\n", lines));
            // The operating-mode reset was sent on the recorded DMS client before the USB reset, and got no answer.
            Assert.Contains(sim.QmiLog, l => l.StartsWith("CTL Sync", StringComparison.Ordinal));
            Assert.Contains(sim.QmiLog, l => l.StartsWith("DMS Set Operating Mode", StringComparison.Ordinal));
            Assert.Single(transport.Log, l => l == "reset");
            Assert.Equal(sim.Paths.Dev(Path.Combine("bus", "usb")), Path.GetDirectoryName(Path.GetDirectoryName(transport.Log[0]["open ".Length..])));
            Assert.True(sim.Enumerations > enumerations, $"enumerations {sim.Enumerations}");
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }
}
