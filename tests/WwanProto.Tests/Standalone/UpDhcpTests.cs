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

    /// <summary>
    /// udhcpc stays for the life of the link. SIGUSR1 makes it renew now (dnsmasq's shortest lease is 2 min,
    /// too long to wait for T1): the renew event must reach `up` and leave the address in place. SIGUSR2
    /// makes it release, i.e. run its deconfig event: the lease is gone, so the link counts as lost and the
    /// session reconnects, with a new udhcpc and the address configured again.
    /// </summary>
    [Fact]
    public async Task The_lease_is_renewed_in_place_and_its_loss_reconnects_the_link()
    {
        var sim = _rig.Sim;
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{sim.UsbPath}'\n\toption apn 'internet'\n\toption dhcp '1'\n");
        var upLog = new StringBuilder();
        using var up = _rig.StartUp(upLog, "--config", config, "--resolv", Path.Combine(_rig.Dir, "resolv", "huaweiwwan-wan"));
        var pidFile = Path.Combine(_rig.StateDir, "dhcp-wwan0.pid");
        var address = $"inet {sim.Addresses.Client}/{sim.Addresses.PrefixLength}";
        try
        {
            await _rig.WaitConnectedAsync(up, upLog);
            var firstClient = await ReadPidAsync(pidFile);

            Signal("USR1", firstClient);
            await WaitForLogAsync(up, upLog, "DHCP renew on wwan0", 1);
            Assert.Contains($"DHCP renew on wwan0: {sim.Addresses.Client}/{sim.Addresses.PrefixLength}", upLog.ToString());
            Assert.Contains(address, _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));

            Signal("USR2", firstClient);
            await WaitForLogAsync(up, upLog, "the DHCP lease on wwan0 is gone", 1);
            await WaitForLogAsync(up, upLog, "link up on wwan0", 2);
            Assert.Contains(address, _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            var secondClient = await ReadPidAsync(pidFile);
            Assert.NotEqual(firstClient, secondClient);
            Assert.False(IsUdhcpc(firstClient), "the first udhcpc still runs");

            // `down`: up stops its udhcpc (SIGTERM) with everything else it configured.
            var (downCode, _, downErr) = await _rig.RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(downCode == 0, downErr);
            using (var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await up.WaitForExitAsync(stopped.Token);
            Assert.Equal(0, up.ExitCode);
            Assert.False(IsUdhcpc(secondClient), "udhcpc outlived `down`");
            Assert.False(File.Exists(pidFile));
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await up.WaitForExitAsync(bound.Token);
        }
    }

    internal static bool IsUdhcpc(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains("udhcpc", StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }

    internal static void Signal(string signal, int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5000);
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>udhcpc writes its pid file once it runs; read when present (bounded).</summary>
    internal static async Task<int> ReadPidAsync(string path)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var pid)) return pid;
            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Waits (bounded) until <paramref name="text"/> occurs <paramref name="count"/> times in up's log.</summary>
    internal static async Task WaitForLogAsync(System.Diagnostics.Process up, StringBuilder log, string text, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            string now;
            lock (log) now = log.ToString();
            var seen = 0;
            for (var i = now.IndexOf(text, StringComparison.Ordinal); i >= 0; i = now.IndexOf(text, i + 1, StringComparison.Ordinal)) seen++;
            if (seen >= count) return;
            if (up.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"'{text}' x{count} not in up's log (exited: {up.HasExited}):\n{now}");
            await Task.Delay(50);
        }
    }
}
