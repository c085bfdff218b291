using System.Diagnostics;
using System.Text;
using WwanProto.Core.Standalone;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// A simulated stick whose NCM link is a veth pair into a network namespace of the test's own, and the
/// `huaweiwwan` executable run inside that namespace as a person would run it.
/// </summary>
internal sealed class StandaloneRig : IAsyncDisposable
{
    private readonly string _dir;
    private readonly TestNetns _ns;

    public SimulatedModem Sim { get; }
    public TestNetns Ns => _ns;
    public string Dir => _dir;
    public string StateDir => Path.Combine(_dir, "state");
    public string StatusPath => StatusFile.PathFor(new(Sim.Paths.SysRoot, Sim.Paths.DevRoot, StateDir, Sim.Paths.LockDir), "wan");

    private static string Exe => Path.Combine(AppContext.BaseDirectory, "huaweiwwan");

    private StandaloneRig(string dir, TestNetns ns, SimulatedModem sim)
    {
        _dir = dir;
        _ns = ns;
        Sim = sim;
    }

    /// <summary>How huaweiwwan is run: the test build by default; the arm64 tests put qemu and the cross-built binary here.</summary>
    public string[] Command { get; set; } = [Exe];

    /// <summary>Extra environment for every huaweiwwan run (e.g. HUAWEIWWAN_PPPD and the pppd stand-in's FAKE_PPPD_*).</summary>
    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>Starts an E3372h-153 stick simulator (or <paramref name="profile"/>: the e392's QMI link uses the same veth), its veth's host end (wwan0) in a fresh namespace.</summary>
    public static async Task<StandaloneRig> StartAsync(string prefix, SimCardOptions? card = null, bool dhcpServer = false, bool dhcpv6Server = false,
        Dhcpv6Mode dhcpv6Mode = Dhcpv6Mode.Stateful, string profile = "e3372h-153", bool staleCall = false)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        var ns = new TestNetns(veth: false);
        var sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = profile, StaleSession = staleCall, NetDev = "wwan0", CreateVeth = true, HostNetNs = ns.Name, DhcpServer = dhcpServer, Dhcpv6Server = dhcpv6Server, Dhcpv6Mode = dhcpv6Mode,
            Card = card ?? new SimCardOptions(),
        });
        return new StandaloneRig(dir, ns, sim);
    }

    /// <summary>
    /// Starts a device that is a router on USB (<paramref name="profile"/>: hilink, android, or storage-1f01 with the
    /// HiLink addresses), its usb0 in a fresh namespace, dnsmasq answering DHCP from the device's side.
    /// </summary>
    public static async Task<StandaloneRig> StartRouterAsync(string prefix, string profile, ModemSim.HiLink.HiLinkWebOptions? web = null, SimCardOptions? card = null)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        var ns = new TestNetns(veth: false);
        var sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = profile, NetDev = "usb0", CreateVeth = true, HostNetNs = ns.Name, DhcpServer = true,
            HiLinkAddresses = profile == "storage-1f01", HiLinkWeb = web ?? new(), Card = card ?? new SimCardOptions(),
        });
        return new StandaloneRig(dir, ns, sim);
    }

    /// <summary>
    /// Starts a PPP-only simulator (<paramref name="profile"/>: e3131, e367, phone-acm) and a fresh namespace; huaweiwwan
    /// runs pppd as the stand-in (this kernel has no PPP), which creates ppp-&lt;iface&gt; as a tun device in the namespace
    /// and "negotiates" the simulator's addresses.
    /// </summary>
    public static async Task<StandaloneRig> StartPppAsync(string prefix, string profile)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        var ns = new TestNetns(veth: false);
        var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = profile });
        var rig = new StandaloneRig(dir, ns, sim);
        rig.Environment["HUAWEIWWAN_PPPD"] = Path.Combine(AppContext.BaseDirectory, "fake-pppd");
        rig.Environment["FAKE_PPPD_TUN"] = "1";
        rig.Environment["FAKE_PPPD_PEER"] = WwanProto.ModemSim.Pppd.PppdPeer.Describe(sim.Addresses);
        return rig;
    }

    public ProcessStartInfo Start(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["netns", "exec", _ns.Name, .. Command, .. args]) start.ArgumentList.Add(a);
        start.Environment["HUAWEIWWAN_SYSFS"] = Sim.Paths.SysRoot;
        start.Environment["HUAWEIWWAN_DEVROOT"] = Sim.Paths.DevRoot;
        start.Environment["HUAWEIWWAN_LOCKDIR"] = Sim.Paths.LockDir;
        start.Environment["HUAWEIWWAN_STATEDIR"] = StateDir;
        // Never the machine's own system bus or resolvconf (its DNS, its ModemManager): a test that wants them sets its own.
        start.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + Path.Combine(_dir, "no-system-bus");
        start.Environment[WwanProto.Core.DBus.ResolvconfDns.EnvironmentVariable] = Path.Combine(_dir, "no-resolvconf");
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        return start;
    }

    /// <summary>Runs a short command (status, down, up that fails) to its end, within <paramref name="bound"/>.</summary>
    public async Task<(int Code, string Out, string Err)> RunAsync(TimeSpan bound, params string[] args)
    {
        using var p = Process.Start(Start(args))!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(bound);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException($"huaweiwwan {string.Join(' ', args)} did not finish in {bound}"); }
        return (p.ExitCode, await output, await error);
    }

    /// <summary>Starts `up` in the background; its stderr collects in <paramref name="log"/>.</summary>
    public Process StartUp(StringBuilder log, params string[] args)
    {
        var up = Process.Start(Start(["up", .. args]))!;
        up.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        up.BeginErrorReadLine();
        up.BeginOutputReadLine();
        return up;
    }

    /// <summary>Waits (bounded) until the running `up` reports a connected, addressed link in its status file.</summary>
    public async Task WaitConnectedAsync(Process up, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (StatusFile.Read(StatusPath) is not { Modem.State: "connected", Ipv4: not null })
        {
            if (up.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"up did not connect (exited: {up.HasExited}):\n{log}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sim.DisposeAsync();
        _ns.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
