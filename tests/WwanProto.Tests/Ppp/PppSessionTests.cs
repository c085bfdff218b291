using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Pppd;
using WwanProto.Tests.Session;
using Xunit;

namespace WwanProto.Tests.Ppp;

/// <summary>
/// The session with the standalone PPP link in process, pppd being the stand-in: a phone's single ttyACM port is
/// lent to pppd (our channel and lock let go, no status refresh, AT queries refused clearly, no "modem gone"),
/// and taken back (re-resolved) before the redial; a stick's PCUI port stays ours while pppd has the modem port.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PppSessionTests
{
    private static string Exe(string name) => Path.Combine(AppContext.BaseDirectory, name);

    [Theory]
    [InlineData("phone-acm", "ttyACM0", true)]
    [InlineData("e3131", "ttyUSB0", false)]
    public async Task The_control_port_is_lent_to_pppd_only_when_it_is_the_ppp_port(string profile, string pppPort, bool shared)
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, RegistrationDelay = TimeSpan.FromMilliseconds(50) })
            .WaitAsync(TimeSpan.FromSeconds(20));
        var log = new List<string>();
        void Write(string line) { lock (log) log.Add(line); }
        using var pppdLog = new LogWriter(Write);
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath };
        var environment = new Dictionary<string, string>
        {
            ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir,
            ["FAKE_PPPD_PEER"] = PppdPeer.Describe(sim.Addresses),
        };
        var links = new DataLinks(context => new PppLink(context.Options, "wan", context.Modem.PppPort!, sim.Paths, pppdLog,
            Exe("huaweiwwan"), Exe("fake-pppd"), PppFlavor.Standalone, context.Modem, environment));
        var reporter = new RecordingReporter();
        var session = new ModemSession(options, sim.Paths, reporter, TestConnector.For(sim, options, Write), links, SessionRun.Fast, Write);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        string Log() { lock (log) return string.Join("\n", log); }
        try
        {
            await reporter.WaitForAsync(r => r.Ups.Count == 1, TimeSpan.FromSeconds(30), "the first link up");
            Assert.Equal(sim.Addresses.Client.ToString(), reporter.Ups[0].Ipv4!.Address);
            var pppLock = Path.Combine(sim.Paths.LockDir, UucpLock.FileName(sim.Paths.Dev(pppPort)));
            var holder = UucpLock.ReadPid(pppLock);
            Assert.NotNull(holder);
            Assert.NotEqual(Environment.ProcessId, holder); // pppd's, not ours

            var answer = await session.QueryAsync("AT+CSQ", TimeSpan.FromSeconds(2), CancellationToken.None);
            if (shared)
            {
                Assert.Contains($"the control port {sim.Paths.Dev(pppPort)} is in use by pppd", answer.ErrorText);
                // The session logs the lending once it has reported the link: wait for it, bounded.
                for (var waited = 0; waited < 10_000 && !Log().Contains("lent to pppd", StringComparison.Ordinal); waited += 20) await Task.Delay(20);
                Assert.Contains("lent to pppd", Log());
            }
            else
            {
                Assert.True(answer.IsOk, answer.Describe());
                Assert.DoesNotContain("lent to pppd", Log());
            }
            var before = reporter.LastStatus!;
            Assert.NotNull(before.SignalDbm); // what the last refresh read stays shown
            Assert.NotNull(before.Operator);

            sim.DropNetwork();
            await reporter.WaitForAsync(r => r.Ups.Count == 2 && r.Downs.Count == 1, TimeSpan.FromSeconds(30), "the redial after the drop");
            Assert.Contains("PPP_MODEM_HANGUP", reporter.Downs[0]);
            Assert.Empty(reporter.Errors);
            Assert.Equal(0, reporter.LastStatus!.ModemResets);
            Assert.Equal(1, reporter.LastStatus.Reconnects);
            Assert.DoesNotContain("vanished", Log());
            if (shared) Assert.Equal(2, log.Count(l => l.StartsWith("modem 0421:0070 at", StringComparison.Ordinal))); // opened afresh

            await stop.CancelAsync();
            Assert.Null(await run.WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Empty(Directory.GetFiles(sim.Paths.LockDir));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{Log()}");
        }
        finally
        {
            await stop.CancelAsync();
            try { await run.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
        }
    }

    [Fact]
    public async Task A_phone_that_resets_while_pppd_has_its_port_is_found_again_under_its_new_name()
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "phone-acm", RegistrationDelay = TimeSpan.FromMilliseconds(50) })
            .WaitAsync(TimeSpan.FromSeconds(20));
        var log = new List<string>();
        void Write(string line) { lock (log) log.Add(line); }
        string Log() { lock (log) return string.Join("\n", log); }
        using var pppdLog = new LogWriter(Write);
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath };
        var environment = new Dictionary<string, string> { ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir, ["FAKE_PPPD_PEER"] = PppdPeer.Describe(sim.Addresses) };
        var links = new DataLinks(context => new PppLink(context.Options, "wan", context.Modem.PppPort!, sim.Paths, pppdLog,
            Exe("huaweiwwan"), Exe("fake-pppd"), PppFlavor.Standalone, context.Modem, environment));
        var reporter = new RecordingReporter();
        var session = new ModemSession(options, sim.Paths, reporter, TestConnector.For(sim, options, Write), links, SessionRun.Fast, Write);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        try
        {
            await reporter.WaitForAsync(r => r.Ups.Count == 1, TimeSpan.FromSeconds(30), "the first link up");
            await sim.ResetAsync(TimeSpan.FromMilliseconds(300), renumber: true);
            await reporter.WaitForAsync(r => r.Ups.Count == 2, TimeSpan.FromSeconds(40), "the link on the renumbered port");
            Assert.Equal(sim.Paths.Dev("ttyACM1"), reporter.LastStatus!.ControlPort);
            Assert.Equal(1, reporter.LastStatus.ModemResets);
            Assert.Contains(sim.PortCommandLog, c => c.Port == "ttyACM1" && c.Line == "ATD*99***1#");
            Assert.Contains("vanished while pppd had", Log());
            await stop.CancelAsync();
            Assert.Null(await run.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{Log()}");
        }
        finally
        {
            await stop.CancelAsync();
            try { await run.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
        }
    }

    /// <summary>
    /// The addresses come from pppd's ip-up hook (argv and DNS1/DNS2), not from its log: with the IPCP log lines left
    /// out the link still comes up with the peer's values, and a network that hands out one DNS server connects too
    /// (nothing waits for a second one). The hooks are ours in the state directory, and go with pppd.
    /// </summary>
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public async Task The_link_is_configured_from_pppds_ip_up_hook(bool twoDns, bool ipcpLog)
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3131", RegistrationDelay = TimeSpan.FromMilliseconds(50) })
            .WaitAsync(TimeSpan.FromSeconds(20));
        var log = new List<string>();
        void Write(string line) { lock (log) log.Add(line); }
        string Log() { lock (log) return string.Join("\n", log); }
        using var pppdLog = new LogWriter(Write);
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath };
        var client = sim.Addresses.Client.ToString();
        var gateway = sim.Addresses.Gateway.ToString();
        // Documentation addresses: only reported, never contacted.
        string[] dns = twoDns ? ["192.0.2.53", "192.0.2.54"] : ["192.0.2.53"];
        var environment = new Dictionary<string, string>
        {
            ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir,
            ["FAKE_PPPD_PEER"] = $"local={client},remote={gateway},dns1={dns[0]}" + (twoDns ? $",dns2={dns[1]}" : ""),
            ["FAKE_PPPD_IPCP_LOG"] = ipcpLog ? "1" : "0",
        };
        PppLink? link = null;
        var links = new DataLinks(context => link = new PppLink(context.Options, "wan", context.Modem.PppPort!, sim.Paths, pppdLog,
            Exe("huaweiwwan"), Exe("fake-pppd"), PppFlavor.Standalone, context.Modem, environment));
        var reporter = new RecordingReporter();
        var session = new ModemSession(options, sim.Paths, reporter, TestConnector.For(sim, options, Write), links, SessionRun.Fast, Write);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        try
        {
            await reporter.WaitForAsync(r => r.Ups.Count == 1, TimeSpan.FromSeconds(30), "the link up");
            var up = reporter.Ups[0];
            Assert.Equal("ppp-wan", up.Ifname);
            Assert.Equal(client, up.Ipv4!.Address);
            Assert.Equal(32, up.Ipv4.PrefixLength);
            Assert.Equal(gateway, up.Ipv4.Gateway);
            Assert.Equal(dns, up.Ipv4.Dns);
            Assert.Equal(ipcpLog, Log().Contains($"pppd: local  IP address {client}", StringComparison.Ordinal));
            Assert.Contains($"ppp: ip-up on ppp-wan: local {client}, remote {gateway}", Log());

            var argv = link!.Argv!;
            var hook = argv[argv.ToList().IndexOf("ip-up-script") + 1];
            Assert.Equal(PppHookScript.UpPath(sim.Paths, "wan"), hook);
            Assert.Equal(PppHookScript.DownPath(sim.Paths, "wan"), argv[argv.ToList().IndexOf("ip-down-script") + 1]);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(hook));
            Assert.DoesNotContain("/etc/ppp", File.ReadAllText(hook));

            await stop.CancelAsync();
            Assert.Null(await run.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.False(File.Exists(hook));
            Assert.False(File.Exists(PppHookScript.FifoPath(sim.Paths, "wan")));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{Log()}");
        }
        finally
        {
            await stop.CancelAsync();
            try { await run.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
        }
    }

    /// <summary>pppd's log lines (the PPP link writes them to a TextWriter) into the session log.</summary>
    private sealed class LogWriter(Action<string> write) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void WriteLine(string? value) => write(value ?? "");
    }
}
