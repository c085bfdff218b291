using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;
using WwanProto.Tests.Usb;

namespace WwanProto.Tests.Session;

internal static class TestConnector
{
    public static IModemConnector For(SimulatedModem sim, InterfaceOptions options, Action<string> log)
    {
        var transport = new RecordingUsbTransport { OnBulkOut = bytes => sim.AcceptSwitchMessage(bytes) };
        var probe = new AtPortProbe(sim.Paths.LockDir);
        var switcher = new ModeSwitcher(sim.Paths, transport, SwitchRules.OwnOnly, new ModeSwitchOptions { WaitBound = TimeSpan.FromSeconds(10) });
        return new UsbModemConnector(options.Device, options.UsbMode, sim.Paths, probe, new AtImeiLookup(sim.Paths, probe, TimeSpan.FromSeconds(2)), switcher, log)
        {
            LinkType = options.LinkType,
        };
    }
}
