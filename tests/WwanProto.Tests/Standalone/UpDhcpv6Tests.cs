using System.Text;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up` with option dhcpv6: the simulator's dnsmasq answers DHCPv6 (one address) and sends RAs on
/// the modem end; `up` runs ISC dhclient -6 itself for the life of the link and configures the lease, the
/// default route coming from the RA (accept_ra=2).
/// </summary>
public sealed class UpDhcpv6Tests : IAsyncLifetime
{
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await StandaloneRig.StartAsync("standalone-dhcpv6-", dhcpv6Server: true);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Up_with_dhcpv6_configures_the_lease_and_keeps_dhclient_running()
    {
        var sim = _rig.Sim;
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{sim.UsbPath}'\n\toption apn 'internet'\n\toption pdptype 'IPV4V6'\n\toption dhcpv6 '1'\n");
        var resolv = Path.Combine(_rig.Dir, "resolv", "huaweiwwan-wan");
        var upLog = new StringBuilder();
        using var up = _rig.StartUp(upLog, "--config", config, "--resolv", resolv);
        try
        {
            await _rig.WaitConnectedAsync(up, upLog);
            await UpDhcpTests.WaitForLogAsync(up, upLog, "link up on wwan0", 1);
            Assert.Contains("requesting a DHCPv6 lease on wwan0", upLog.ToString());
            Assert.Contains($"inet6 {sim.Addresses.Ipv6Client}/", _rig.Ns.Ip("-6", "addr", "show", "dev", "wwan0"));
            Assert.Contains($"nameserver {sim.Addresses.Ipv6Dns}", File.ReadAllText(resolv));
            Assert.Equal("2", TestNetns.Run("ip", "netns", "exec", _rig.Ns.Name, "cat", "/proc/sys/net/ipv6/conf/wwan0/accept_ra").Trim());
            // The default route is the kernel's, from the modem's RA (DHCPv6 has none); it may follow the lease.
            using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                while (!_rig.Ns.Ip("-6", "route", "show", "default").Contains("via fe80:", StringComparison.Ordinal))
                    await Task.Delay(50, wait.Token);
            // dhclient stays for the link's life (it renews by itself); its pid file names a live dhclient.
            var pid = File.ReadAllText(Path.Combine(_rig.StateDir, "dhcpv6-wwan0.pid")).Trim();
            Assert.Contains("dhclient", File.ReadAllText($"/proc/{pid}/cmdline"));
            // IPv4 still came from the modem (^DHCP?), not from a DHCP client.
            Assert.Contains(sim.CommandLog, c => c.StartsWith("AT^DHCP?", StringComparison.Ordinal));
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await up.WaitForExitAsync(bound.Token);
        }
    }
}
