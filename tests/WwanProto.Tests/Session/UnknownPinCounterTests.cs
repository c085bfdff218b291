using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Pppd;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>
/// Issue 11, defects 1 and 3. A phone that answers ERROR to ^CPIN? and +CPINR cannot tell how many PIN attempts
/// are left (field report 5): the configured PIN is sent once, and the rejected-PIN memory keeps it from ever going
/// out a second time. SIM messages quote the modem's information line ("+CPIN: SIM PIN"), not its final OK.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnknownPinCounterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static int PinSends(SimulatedModem sim) => sim.CommandLog.Count(c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));

    private static SimOptions Phone(string pin) => new()
    {
        Profile = "phone-acm", NoPinRetries = true, RegistrationDelay = TimeSpan.FromMilliseconds(50),
        Card = new SimCardOptions { State = "pin", Pin = pin },
    };

    [Fact]
    public async Task Phone_without_pin_counters_gets_the_pin_once_and_comes_up()
    {
        await using var sim = await SimulatedModem.StartAsync(Phone("0000")).WaitAsync(Bound);
        var log = new List<string>();
        void Write(string line) { lock (log) log.Add(line); }
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath, PinCode = "0000" };
        var environment = new Dictionary<string, string>
        {
            ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir,
            ["FAKE_PPPD_PEER"] = PppdPeer.Describe(sim.Addresses),
        };
        string Exe(string name) => Path.Combine(AppContext.BaseDirectory, name);
        var links = new DataLinks(context => new PppLink(context.Options, "wan", context.Modem.PppPort!, sim.Paths, TextWriter.Null,
            Exe("huaweiwwan"), Exe("fake-pppd"), PppFlavor.Standalone, context.Modem, environment));
        var reporter = new RecordingReporter();
        var session = new ModemSession(options, sim.Paths, reporter, TestConnector.For(sim, options, Write), links, SessionRun.Fast, Write);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        try
        {
            await reporter.WaitUpAsync(1, Bound);
            Assert.Equal(1, PinSends(sim));
            Assert.Contains("AT+CPINR=\"SIM PIN\"", sim.CommandLog); // asked, answered ERROR: unknown
            lock (log)
            {
                Assert.Contains(log, l => l.Contains("attempts left unknown", StringComparison.Ordinal));
                Assert.DoesNotContain(log, l => l.Contains("0000", StringComparison.Ordinal));
            }
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Null(await run.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task Phone_without_pin_counters_whose_pin_is_rejected_is_never_sent_it_again()
    {
        await using var sim = await SimulatedModem.StartAsync(Phone("0000")).WaitAsync(Bound);
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath, PinCode = "1111" };
        await using (var run = SessionRun.Again(sim, options))
        {
            var first = await run.EndAsync(Bound);
            Assert.Equal(ErrorCodes.PinFailed, first?.Code);
            Assert.True(first!.Fatal);
            Assert.DoesNotContain("1111", first.Message);
            Assert.Equal(1, PinSends(sim));
        }

        // netifd restarts it, the phone is replugged, the router reboots: the same config never sends that PIN again.
        for (var i = 0; i < 2; i++)
        {
            await using var again = SessionRun.Again(sim, options);
            var next = await again.EndAsync(Bound);
            Assert.Equal(ErrorCodes.PinRejectedBefore, next?.Code);
            Assert.Contains("+CPIN: SIM PIN", next!.Message);
            Assert.Equal(1, PinSends(sim));
        }
    }

    [Fact]
    public async Task Pin_rejected_before_quotes_the_information_line_not_the_final_ok()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = new SimCardOptions { State = "pin", Pin = "2468" } },
            new InterfaceOptions { Apn = "internet", PinCode = "1111" });
        Assert.Equal(ErrorCodes.PinFailed, (await run.EndAsync(Bound))?.Code);
        await using var again = SessionRun.Again(run.Sim, new InterfaceOptions { Apn = "internet", PinCode = "1111" });
        var error = await again.EndAsync(Bound);
        Assert.Equal(ErrorCodes.PinRejectedBefore, error?.Code);
        Assert.Contains("AT+CPIN? answered +CPIN: SIM PIN", error!.Message);
        Assert.DoesNotContain("answered OK", error.Message);
    }

    [Fact]
    public async Task A_sim_that_reports_counters_keeps_the_guard_and_quotes_the_counter_line()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = new SimCardOptions { State = "pin", PinAttempts = 1 } },
            new InterfaceOptions { Apn = "internet", PinCode = "1234" });
        var error = await run.EndAsync(Bound);
        Assert.Equal(ErrorCodes.PinTriesBelowLimit, error?.Code);
        Assert.Contains("answered ^CPIN: SIM PIN,", error!.Message);
        Assert.Equal(0, PinSends(run.Sim));
    }
}
