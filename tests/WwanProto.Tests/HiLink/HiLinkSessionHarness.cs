using WwanProto.Core.Config;
using WwanProto.Core.HiLink;
using WwanProto.Core.Links;
using WwanProto.Core.Links.Ethernet;
using WwanProto.Core.Session;
using WwanProto.Core.Standalone;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;
using NetnsSocket = WwanProto.ModemSim.Net.NetnsSocket;
using WwanProto.Tests.Session;
using WwanProto.Tests.Standalone;
using WwanProto.Tests.Usb;

namespace WwanProto.Tests.HiLink;

/// <summary>
/// A session in process on a simulated HiLink stick whose usb0 lives in the test's namespace: the production
/// connector (mode switch through <paramref name="transport"/>), the web API control plane and the Ethernet link with
/// the stick's own call, `ip` and the API sockets in that namespace. <see cref="Call"/> is the link's call once made.
/// </summary>
internal sealed class HiLinkSessionHarness
{
    private readonly List<string> _log = [];

    public HiLinkSessionHarness(SimulatedModem sim, TestNetns ns, InterfaceOptions options, TimeSpan supervision, RecordingUsbTransport? transport = null)
    {
        var ip = new IpCommand(ns.Name);
        var switcher = new ModeSwitcher(sim.Paths, transport ?? new RecordingUsbTransport(), SwitchRules.OwnOnly, new ModeSwitchOptions { WaitBound = TimeSpan.FromSeconds(10) });
        var settings = RouterFamilies.Settings(options);
        var connector = new UsbModemConnector(options.Device, options.UsbMode, sim.Paths, new AtPortProbe(sim.Paths.LockDir), null, switcher, Write,
            new ConnectorTuning { DeviceWait = TimeSpan.FromSeconds(20) })
        {
            ControlPlanes = new() { HiLink = HiLinkModemControl.Opener(settings, ip, () => NetnsSocket.Create(ns.Name)) },
        };
        var links = new DataLinks
        {
            Ethernet = c => new EthernetLink(c, Call = new HiLinkCall(((HiLinkModemControl)c.Modem.Control).Api, settings, c.Tuning, TimeSpan.FromSeconds(5), c.Log), ip),
        };
        Session = new ModemSession(options, sim.Paths, Reporter, connector, links, SessionRun.Fast with { SupervisionInterval = supervision }, Write);
    }

    public ModemSession Session { get; }
    public RecordingReporter Reporter { get; } = new();
    public HiLinkCall? Call { get; private set; }

    /// <summary>The session's log so far: a copy (the supervision goes on logging while a test reads).</summary>
    public string[] Logged() { lock (_log) return [.. _log]; }

    private void Write(string line) { lock (_log) _log.Add(line); }
}
