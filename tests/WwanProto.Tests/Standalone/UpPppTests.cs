using System.Text;
using WwanProto.Core.Native;
using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up` over PPP end to end, the executable in a namespace of the test's own: the chat on the PPP port,
/// pppd (the stand-in: no kernel PPP here) creating ppp-wan, the interface configured from what pppd's ip-up hook reports,
/// a network drop (NO CARRIER) redialled, `down`. Sticks have a separate PCUI control port; the phone has one
/// ttyACM port for both, which the session must lend to pppd.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UpPppTests
{
    [Theory]
    [InlineData("e3131", "ttyUSB0", "ttyUSB2")]
    [InlineData("e367", "ttyUSB0", "ttyUSB2")]
    [InlineData("phone-acm", "ttyACM0", "ttyACM0")]
    public async Task Up_dials_over_ppp_configures_ppp_wan_redials_after_a_drop_and_down_removes_it(string profile, string pppPort, string controlPort)
    {
        await using var rig = await StandaloneRig.StartPppAsync("standalone-ppp-", profile);
        var sim = rig.Sim;
        var config = Path.Combine(rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{sim.UsbPath}'\n\toption apn 'internet'\n\toption metric '7'\n");
        var resolv = Path.Combine(rig.Dir, "resolv", "huaweiwwan-wan");
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", config, "--resolv", resolv);
        try
        {
            await rig.WaitConnectedAsync(up, log);
            var client = sim.Addresses.Client.ToString();
            var gateway = sim.Addresses.Gateway.ToString();

            // The chat happened on the PPP port; the status queries stay on the control port.
            var onPpp = sim.PortCommandLog.Where(c => c.Port == pppPort).Select(c => c.Line).ToList();
            Assert.Contains("AT+CGDCONT=1,\"IP\",\"internet\"", onPpp);
            Assert.Contains("ATD*99***1#", onPpp);
            if (pppPort != controlPort) Assert.DoesNotContain(sim.PortCommandLog, c => c.Port == controlPort && c.Line.StartsWith("ATD", StringComparison.Ordinal));

            Assert.Contains($"inet {client}/32", rig.Ns.Ip("-4", "addr", "show", "dev", "ppp-wan"));
            var routes = rig.Ns.Ip("-4", "route", "show");
            Assert.Contains($"default via {gateway} dev ppp-wan", routes);
            Assert.Contains("metric 7", routes);
            Assert.Contains($"nameserver {gateway}", File.ReadAllText(resolv));

            var (code, json, err) = await rig.RunAsync(TimeSpan.FromSeconds(20), "status", "--json");
            Assert.True(code == 0, err);
            var status = StatusFile.Parse(Encoding.UTF8.GetBytes(json));
            Assert.Equal("connected", status.Modem.State);
            Assert.Equal("ppp-wan", status.Ifname);
            Assert.Equal("ppp", status.Modem.LinkType);
            Assert.Equal(client, status.Ipv4!.Address);
            Assert.Equal(gateway, status.Ipv4.Gateway);
            Assert.Equal(0, status.Modem.ModemResets);

            var dials = onPpp.Count(l => l.StartsWith("ATD", StringComparison.Ordinal));
            sim.DropNetwork();
            await WaitAsync(up, log, () => Read(log).Contains("pppd: Modem hangup") && StatusFile.Read(rig.StatusPath) is { Modem.Reconnects: >= 1 }, "the hang-up to be seen");
            await WaitAsync(up, log, () => Count(Read(log), "wan: connected: ppp-wan") >= 2, "the redial");
            await WaitAsync(up, log, () => StatusFile.Read(rig.StatusPath) is { Modem.State: "connected", Ipv4: not null, Modem.Reconnects: 1 }, "the status after the redial");
            Assert.True(sim.PortCommandLog.Count(c => c.Port == pppPort && c.Line.StartsWith("ATD", StringComparison.Ordinal)) > dials,
                string.Join("\n", sim.PortCommandLog.Select(c => $"{c.Port}: {c.Line}")) + "\n" + Read(log));
            var again = StatusFile.Read(rig.StatusPath)!;
            Assert.Equal(0, again.Modem.ModemResets); // a port lent to pppd is no vanished modem
            Assert.Contains($"inet {client}/32", rig.Ns.Ip("-4", "addr", "show", "dev", "ppp-wan"));

            var (downCode, _, downErr) = await rig.RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(downCode == 0, downErr);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15))) await up.WaitForExitAsync(bound.Token);
            Assert.True(up.ExitCode == 0, Read(log));
            Assert.DoesNotContain("ppp-wan", rig.Ns.Ip("link", "show"));
            Assert.DoesNotContain("default", rig.Ns.Ip("-4", "route", "show"));
            Assert.False(File.Exists(resolv));
            Assert.Empty(Directory.GetFiles(sim.Paths.LockDir));
            foreach (var pid in PppdPids(Read(log))) Assert.False(Directory.Exists($"/proc/{pid}"), $"pppd {pid} outlived up");
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
        }
    }

    private static string Read(StringBuilder log)
    {
        lock (log) return log.ToString();
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary>"ppp: started pppd (pid N) ..." lines.</summary>
    private static IEnumerable<int> PppdPids(string log)
    {
        foreach (var line in log.Split('\n'))
        {
            var at = line.IndexOf("started pppd (pid ", StringComparison.Ordinal);
            if (at < 0) continue;
            var rest = line[(at + "started pppd (pid ".Length)..];
            if (int.TryParse(rest[..rest.IndexOf(')')], out var pid)) yield return pid;
        }
    }

    private static async Task WaitAsync(System.Diagnostics.Process up, StringBuilder log, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (!condition())
        {
            if (up.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"waiting for {what} (up exited: {up.HasExited}):\n{Read(log)}");
            await Task.Delay(50);
        }
    }
}
