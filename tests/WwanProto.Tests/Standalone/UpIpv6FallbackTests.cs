using System.Text;
using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up` with pdptype IPV4V6 and option dhcpv6 on a network that gives no IPv6 at all (no RA, no
/// DHCPv6): IPv4 from the modem works, so the link comes up IPv4-only with a warning instead of failing.
/// </summary>
public sealed class UpIpv6FallbackTests : IAsyncLifetime
{
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await StandaloneRig.StartAsync("standalone-v6fallback-");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Dual_stack_link_comes_up_ipv4_only_when_ipv6_fails()
    {
        var sim = _rig.Sim;
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{sim.UsbPath}'\n\toption apn 'internet'\n\toption pdptype 'IPV4V6'\n\toption dhcpv6 '1'\n");
        var upLog = new StringBuilder();
        using var up = _rig.StartUp(upLog, "--config", config, "--resolv", Path.Combine(_rig.Dir, "resolv", "huaweiwwan-wan"));
        try
        {
            await _rig.WaitConnectedAsync(up, upLog);
            Assert.Contains("warning: continuing with IPv4 only on wwan0", upLog.ToString());
            Assert.Contains("no SLAAC address on wwan0 either", upLog.ToString());
            Assert.Null(StatusFile.Read(_rig.StatusPath)!.Ipv6);
            Assert.Contains($"inet {sim.Addresses.Client}/", _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await up.WaitForExitAsync(bound.Token);
        }
    }
}
