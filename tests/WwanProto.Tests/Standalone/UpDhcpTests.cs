using System.Diagnostics;
using System.Text;
using WwanProto.Core.Standalone;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up` with option dhcp: the simulator's dnsmasq answers on the modem end of the veth, and the
/// interface must end up configured from that lease by the udhcpc that `up` runs itself.
/// </summary>
public sealed class UpDhcpTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("standalone-dhcp-").FullName;
    private readonly TestNetns _ns = new(veth: false);
    private SimulatedModem _sim = null!;
    private static string Exe => Path.Combine(AppContext.BaseDirectory, "huaweiwwan");
    private string StateDir => Path.Combine(_dir, "state");

    public async Task InitializeAsync() =>
        _sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e3372h-153", NetDev = "wwan0", CreateVeth = true, HostNetNs = _ns.Name, DhcpServer = true,
        });

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        _ns.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Up_with_dhcp_configures_the_interface_from_the_lease()
    {
        var config = Path.Combine(_dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{_sim.UsbPath}'\n\toption apn 'internet'\n\toption dhcp '1'\n");
        var resolv = Path.Combine(_dir, "resolv", "huaweiwwan-wan");
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["netns", "exec", _ns.Name, Exe, "up", "--config", config, "--resolv", resolv]) start.ArgumentList.Add(a);
        start.Environment["HUAWEIWWAN_SYSFS"] = _sim.Paths.SysRoot;
        start.Environment["HUAWEIWWAN_DEVROOT"] = _sim.Paths.DevRoot;
        start.Environment["HUAWEIWWAN_LOCKDIR"] = _sim.Paths.LockDir;
        start.Environment["HUAWEIWWAN_STATEDIR"] = StateDir;
        using var up = Process.Start(start)!;
        var upLog = new StringBuilder();
        up.ErrorDataReceived += (_, e) => { lock (upLog) upLog.AppendLine(e.Data); };
        up.BeginErrorReadLine();
        up.BeginOutputReadLine();
        try
        {
            var statusPath = StatusFile.PathFor(new(_sim.Paths.SysRoot, _sim.Paths.DevRoot, StateDir, _sim.Paths.LockDir), "wan");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (StatusFile.Read(statusPath) is not { Modem.State: "connected", Ipv4: not null })
            {
                if (up.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"up did not connect (exited: {up.HasExited}):\n{upLog}");
                await Task.Delay(50);
            }

            var client = _sim.Addresses.Client.ToString();
            var gateway = _sim.Addresses.Gateway.ToString();
            Assert.Contains($"inet {client}/{_sim.Addresses.PrefixLength}", _ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            Assert.Contains($"default via {gateway} dev wwan0", _ns.Ip("-4", "route", "show"));
            Assert.Contains($"nameserver {_sim.Addresses.Dns1}", File.ReadAllText(resolv));
            Assert.Contains("requesting a DHCP lease on wwan0", upLog.ToString());
            // dhcp=1: the address came from the lease, not from the modem's ^DHCP? answer.
            Assert.DoesNotContain(_sim.CommandLog, c => c.StartsWith("AT^DHCP?", StringComparison.Ordinal));
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await up.WaitForExitAsync(bound.Token);
        }
    }
}
