using System.Text;
using WwanProto.Tests.Standalone;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): the DHCP server of an NCM link with option dhcp goes away after the lease (the modem's
/// dnsmasq killed). The renew then gets no answer and the lease ends; what follows must be a reconnect that ends
/// in one specific error (NO_IPADDR naming DHCP and the device), retried, never a hang, and the link back once the
/// server is. The lease's end is udhcpc's deconfig event, forced with SIGUSR2 (the same event as expiry; dnsmasq's
/// shortest lease is 2 min, too long to wait for in a test).
/// </summary>
public sealed class DhcpServerGoneTests : IAsyncLifetime
{
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await StandaloneRig.StartAsync("dhcp-gone-", card: SimAttempts.Locked, dhcpServer: true);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Lease_lost_with_no_server_is_no_ipaddr_retried_and_the_link_comes_back_with_the_server()
    {
        var sim = _rig.Sim;
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{sim.UsbPath}'\n\toption apn 'internet'\n" +
                                  $"\toption pincode '{SimAttempts.Pin}'\n\toption dhcp '1'\n");
        var log = new StringBuilder();
        using var up = _rig.StartUp(log, "--config", config, "--resolv", Path.Combine(_rig.Dir, "resolv", "huaweiwwan-wan"));
        var pidFile = Path.Combine(_rig.StateDir, "dhcp-wwan0.pid");
        try
        {
            await _rig.WaitConnectedAsync(up, log);
            var client = await UpDhcpTests.ReadPidAsync(pidFile);

            sim.StopDhcpServer();
            UpDhcpTests.Signal("USR1", client); // renew: nobody answers; udhcpc keeps the lease it has
            UpDhcpTests.Signal("USR2", client); // the lease ends
            await UpDhcpTests.WaitForLogAsync(up, log, "the DHCP lease on wwan0 is gone", 1);
            // Reconnected call, a new udhcpc, no server: one specific error, and up keeps trying.
            await UpDhcpTests.WaitForLogAsync(up, log, "error NO_IPADDR: no DHCP lease on wwan0: udhcpc", 1);
            Assert.False(up.HasExited, $"up ended after the DHCP server went away:\n{log}");
            Assert.DoesNotContain("fatal", log.ToString(), StringComparison.Ordinal);

            sim.StartDhcpServer();
            await UpDhcpTests.WaitForLogAsync(up, log, "link up on wwan0", 2);
            await _rig.WaitConnectedAsync(up, log);
            Assert.Contains($"inet {sim.Addresses.Client}/{sim.Addresses.PrefixLength}", _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            SimAttempts.AssertNoneUsed(sim);
            Assert.DoesNotContain(SimAttempts.Pin, log.ToString(), StringComparison.Ordinal);

            var (downCode, _, downErr) = await _rig.RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(downCode == 0, downErr);
            using (var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await up.WaitForExitAsync(stopped.Token);
            Assert.Equal(0, up.ExitCode);
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await up.WaitForExitAsync(bound.Token);
        }
    }
}
