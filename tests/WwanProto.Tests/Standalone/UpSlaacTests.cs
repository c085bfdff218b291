using System.Text;
using WwanProto.Core.Standalone;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up` with option dhcpv6 on a network that does what real NCM sticks and most LTE networks do:
/// the simulator's dnsmasq announces the /64 for SLAAC in its RA and answers only stateless DHCPv6 (DNS).
/// `up` takes the kernel's SLAAC address and the DNS from dhclient -6 -S (one-shot).
/// </summary>
public sealed class UpSlaacTests : IAsyncLifetime
{
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await StandaloneRig.StartAsync("standalone-slaac-", dhcpv6Server: true, dhcpv6Mode: Dhcpv6Mode.Slaac);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Up_with_dhcpv6_takes_the_slaac_address_and_stateless_dns()
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
            var prefix = sim.Addresses.Ipv6Prefix.TrimEnd(':') + ":";
            Assert.Contains($"SLAAC address {prefix}", upLog.ToString());
            Assert.Contains($"inet6 {prefix}", _rig.Ns.Ip("-6", "addr", "show", "dev", "wwan0", "scope", "global"));
            Assert.StartsWith(prefix, StatusFile.Read(_rig.StatusPath)?.Ipv6?.Address ?? "", StringComparison.Ordinal);
            Assert.True(File.ReadAllText(resolv).Contains($"nameserver {sim.Addresses.Ipv6Dns}", StringComparison.Ordinal), $"no IPv6 DNS in {resolv}:\n{File.ReadAllText(resolv)}\n{upLog}");
            using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                while (!_rig.Ns.Ip("-6", "route", "show", "default").Contains("via fe80:", StringComparison.Ordinal))
                    await Task.Delay(50, wait.Token);
            // No stateful address: the RA's prefix is the only one on the device.
            Assert.DoesNotContain($"inet6 {sim.Addresses.Ipv6Client}/", _rig.Ns.Ip("-6", "addr", "show", "dev", "wwan0"));

            // The address going away (prefix expired) is a lost lease: the session reconnects and SLAAC comes again.
            var slaac = StatusFile.Read(_rig.StatusPath)!.Ipv6!;
            _rig.Ns.Ip("-6", "addr", "del", $"{slaac.Address}/{slaac.PrefixLength}", "dev", "wwan0");
            await UpDhcpTests.WaitForLogAsync(up, upLog, $"the SLAAC address {slaac.Address}/{slaac.PrefixLength} on wwan0 is gone", 1);
            await UpDhcpTests.WaitForLogAsync(up, upLog, "link up on wwan0", 2);
            Assert.True(_rig.Ns.Ip("-6", "addr", "show", "dev", "wwan0", "scope", "global").Contains($"inet6 {prefix}", StringComparison.Ordinal), upLog.ToString());
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await up.WaitForExitAsync(bound.Token);
        }
    }
}
