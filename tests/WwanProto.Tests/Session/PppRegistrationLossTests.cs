using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Pppd;
using Xunit;
using Xunit.Abstractions;

namespace WwanProto.Tests.Session;

/// <summary>
/// The registration watch with the standalone PPP link (pppd being the stand-in): a stick whose PPP call stays
/// in data mode while unregistered. The watch on the PCUI port ends the link: pppd is stopped, and the redial
/// waits for registration.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class PppRegistrationLossTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string Exe(string name) => Path.Combine(AppContext.BaseDirectory, name);

    [Fact]
    public async Task LossOnAStickStopsPppdAndRedialsOnceRegistered()
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3131", RegistrationDelay = TimeSpan.FromMilliseconds(50) })
            .WaitAsync(TimeSpan.FromSeconds(20));
        var log = new List<string>();
        void Write(string line) { lock (log) log.Add(line); }
        string Log() { lock (log) return string.Join("\n", log); }
        using var pppdLog = new LineWriter(Write);
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath };
        var environment = new Dictionary<string, string>
        {
            ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir,
            ["FAKE_PPPD_PEER"] = PppdPeer.Describe(sim.Addresses),
        };
        var links = new DataLinks(context => new PppLink(context.Options, "wan", context.Modem.PppPort!, sim.Paths, pppdLog,
            Exe("huaweiwwan"), Exe("fake-pppd"), PppFlavor.Standalone, context.Modem, environment));
        var reporter = new RecordingReporter();
        var tuning = SessionRun.Fast with { RegistrationGrace = TimeSpan.FromSeconds(1) };
        var session = new ModemSession(options, sim.Paths, reporter, TestConnector.For(sim, options, Write), links, tuning, Write);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        try
        {
            await reporter.WaitUpAsync(1, Bound);
            sim.Deregister(2, dropCall: false);
            await reporter.WaitForAsync(r => r.Downs.Count >= 1, Bound, "link down");
            Assert.StartsWith("registration lost: +CGREG: ", reporter.Downs[0]); // e3131: no +CEREG
            await WaitAsync(() => Log().Contains("Terminating on signal", StringComparison.Ordinal), "pppd stopped");
            await WaitAsync(() => Log().Contains("registration: +CGREG: 2 searching", StringComparison.Ordinal), "the redial waiting for registration");

            int Dials() { lock (log) return log.Count(l => l.Contains("started pppd", StringComparison.Ordinal)); }
            Assert.Equal(1, Dials()); // no redial while unregistered: the session waits for registration first
            sim.Reregister();
            await reporter.WaitUpAsync(2, Bound);
            Assert.Equal(2, Dials());

            await stop.CancelAsync();
            Assert.Null(await run.WaitAsync(TimeSpan.FromSeconds(5)));
            output.WriteLine(Log());
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

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            if (bound.IsCancellationRequested) throw new TimeoutException($"waited for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>pppd's log lines (the PPP link writes them to a TextWriter) into the session log.</summary>
    private sealed class LineWriter(Action<string> write) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void WriteLine(string? value) => write(value ?? "");
    }
}
