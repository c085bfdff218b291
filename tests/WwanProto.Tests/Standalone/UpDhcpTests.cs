using System.Text;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up` with option dhcp: the simulator's dnsmasq answers on the modem end of the veth, and the
/// interface must end up configured from that lease by the udhcpc that `up` runs itself.
/// </summary>
public sealed class UpDhcpTests : IAsyncLifetime
{
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await StandaloneRig.StartAsync("standalone-dhcp-", dhcpServer: true);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Up_with_dhcp_configures_the_interface_from_the_lease()
    {
        var sim = _rig.Sim;
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{sim.UsbPath}'\n\toption apn 'internet'\n\toption dhcp '1'\n");
        var resolv = Path.Combine(_rig.Dir, "resolv", "huaweiwwan-wan");
        var upLog = new StringBuilder();
        using var up = _rig.StartUp(upLog, "--config", config, "--resolv", resolv);
        try
        {
            await _rig.WaitConnectedAsync(up, upLog);

            var client = sim.Addresses.Client.ToString();
            var gateway = sim.Addresses.Gateway.ToString();
            Assert.Contains($"inet {client}/{sim.Addresses.PrefixLength}", _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            Assert.Contains($"default via {gateway} dev wwan0", _rig.Ns.Ip("-4", "route", "show"));
            Assert.Contains($"nameserver {sim.Addresses.Dns1}", File.ReadAllText(resolv));
            Assert.Contains("requesting a DHCP lease on wwan0", upLog.ToString());
            // dhcp=1: the address came from the lease, not from the modem's ^DHCP? answer.
            Assert.DoesNotContain(sim.CommandLog, c => c.StartsWith("AT^DHCP?", StringComparison.Ordinal));
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await up.WaitForExitAsync(bound.Token);
        }
    }
}
