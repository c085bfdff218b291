using System.Net;
using WwanProto.Core.HiLink;
using WwanProto.ModemSim;
using WwanProto.ModemSim.HiLink;
using WwanProto.ModemSim.Net;
using WwanProto.Tests.Standalone;

namespace WwanProto.Tests.HiLink;

/// <summary>
/// A simulated HiLink stick whose usb0 lives in a namespace of the test's own, addressed as the stick's DHCP
/// would (192.168.8.100/24, default route via 192.168.8.1), and web API clients whose sockets are made in that
/// namespace: nothing reaches 192.168.8.1 outside it.
/// </summary>
internal sealed class HiLinkRig : IAsyncDisposable
{
    public TestNetns Ns { get; }
    public SimulatedModem Sim { get; }
    public List<string> Log { get; } = [];

    private HiLinkRig(TestNetns ns, SimulatedModem sim)
    {
        Ns = ns;
        Sim = sim;
    }

    public static async Task<HiLinkRig> StartAsync(HiLinkWebOptions? web = null, SimCardOptions? card = null, bool address = true)
    {
        var ns = new TestNetns(veth: false);
        try
        {
            var sim = await SimulatedModem.StartAsync(new SimOptions
            {
                Profile = "hilink", NetDev = "usb0", CreateVeth = true, HostNetNs = ns.Name, DhcpServer = !address,
                HiLinkWeb = web ?? new HiLinkWebOptions(), Card = card ?? new SimCardOptions(),
            });
            if (address)
            {
                ns.Ip("addr", "add", "192.168.8.100/24", "dev", "usb0");
                ns.Ip("link", "set", "usb0", "up");
                ns.Ip("route", "add", "default", "via", "192.168.8.1");
            }
            return new HiLinkRig(ns, sim);
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    public HiLinkApi Api(HiLinkCredentials? credentials = null) =>
        new(new HiLinkClient(new HiLinkHttp(new IPEndPoint(IPAddress.Parse("192.168.8.1"), 80), TimeSpan.FromSeconds(5), () => NetnsSocket.Create(Ns.Name)),
            credentials, line => { lock (Log) Log.Add(line); }));

    /// <summary>Whether the stick's "internet" answers a ping from the test namespace.</summary>
    public bool InternetReachable()
    {
        try
        {
            TestNetns.Run("ip", "netns", "exec", Ns.Name, "busybox", "ping", "-c", "1", "-W", "2", HiLinkFirmware.InternetAddress);
            return true;
        }
        catch (InvalidOperationException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        await Sim.DisposeAsync();
        Ns.Dispose();
    }
}
