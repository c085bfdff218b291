using System.Collections.Concurrent;
using System.Diagnostics;
using WwanProto.Core.At;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Usb;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.At;

/// <summary>
/// The real AT engine and prober against every simulator profile, with split reads, URCs between
/// echo/info/OK and URCs glued to OK turned on (huawei-modems.md §4 items 1–2, §2.11).
/// </summary>
public sealed class SimAtTests
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(10);

    private static SimFaults Hostile => new() { SplitReads = true, InterleaveUrcs = true, GlueUrcToOk = true, Garbage = true };

    /// <summary>Every port the probe may write to: ttys and AT cdc-wdm nodes, never diag/GPS (§1.7), by the sysfs roles.</summary>
    private static (UsbDevice Device, List<string> Candidates, List<string> Diag) Candidates(SimulatedModem modem)
    {
        var device = UsbTree.Load(modem.Paths).Find(modem.UsbPath) ?? throw new InvalidOperationException("device not in the tree");
        var candidates = new List<string>();
        var diag = new List<string>();
        foreach (var p in device.Ports)
        {
            if (p.Kind == PortKind.Net || p.Role is PortRole.CdcWdmQmi or PortRole.CdcWdmMbim) continue;
            if (p.Role is PortRole.Diag or PortRole.Gps) diag.Add(modem.Paths.Dev(p.Name));
            else candidates.Add(modem.Paths.Dev(p.Name));
        }
        return (device, candidates, diag);
    }

    [Theory(Timeout = 60000)]
    [InlineData("e3372h-153", "E3372", false, 1)]
    [InlineData("e3372h-320", "E3372h-320", false, 2)]
    [InlineData("e3131", "E3131", true, 3)]
    [InlineData("e367", "E367", true, 4)]
    [InlineData("phone-acm", null, true, 5)]
    public async Task Prober_identifies_every_profile_with_faults_on(string profile, string? model, bool echo, int seed)
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, Seed = seed, Faults = Hostile });
        var (_, candidates, diag) = Candidates(modem);
        Assert.NotEmpty(candidates);
        var results = await PortProber.ProbeAsync(candidates, new PortProbeOptions { Channel = new AtChannelOptions { LockDir = modem.Paths.LockDir } })
            .WaitAsync(T);
        Assert.Equal(candidates, results.Select(r => r.Path));
        foreach (var r in results)
        {
            Assert.True(r.Answered, $"{profile} {r.Path}: {r.Error}");
            Assert.Equal(echo, r.EchoOn);
            Assert.NotNull(r.Identity);
            if (model is not null) Assert.Equal(model, r.Identity!.Model);
            else Assert.NotNull(r.Identity!.Model);
            Assert.Equal(modem.Imei, r.Identity!.Imei);
        }
        // Diag ports were never written to.
        foreach (var d in diag)
            Assert.Equal(0, modem.BytesReceivedOn(Path.GetFileName(d)));
        // Every lock was released.
        Assert.Empty(Directory.GetFiles(modem.Paths.LockDir, "LCK..*"));
    }

    [Fact(Timeout = 60000)]
    public async Task Mute_diag_port_costs_one_budget_not_one_per_port()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-320", Seed = 7, Faults = Hostile });
        var (_, candidates, diag) = Candidates(modem);
        var diagPath = Assert.Single(diag);
        // Three more mute ports besides the diag: probed one after another they would take four budgets.
        using var mute1 = new PtyPeer();
        using var mute2 = new PtyPeer();
        using var mute3 = new PtyPeer();
        var options = new PortProbeOptions { AnswerBudget = TimeSpan.FromSeconds(1.5) };
        var all = candidates.Append(diagPath).Append(mute1.Path).Append(mute2.Path).Append(mute3.Path).ToList();
        var clock = Stopwatch.StartNew();
        var results = await PortProber.ProbeAsync(all, options).WaitAsync(T);
        clock.Stop();
        foreach (var r in results.Where(r => all.IndexOf(r.Path) >= candidates.Count))
        {
            Assert.False(r.Answered);
            Assert.InRange(r.Attempts, 1, 3);
        }
        Assert.All(results.Take(candidates.Count), r => Assert.True(r.Answered));
        // A bound, not a speed measurement (bench/ prints those): parallel probing stays far below the serial sum.
        Assert.True(clock.Elapsed < options.AnswerBudget * 3, $"probe took {clock.Elapsed}");
    }

    [Fact(Timeout = 60000)]
    public async Task Port_muted_after_start_is_found_by_a_retry()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e3372h-153", Seed = 3, Faults = new SimFaults { MuteAfterStart = TimeSpan.FromMilliseconds(700), SplitReads = true },
        });
        var r = await PortProber.ProbeOneAsync(modem.Paths.Dev("ttyUSB0"), new PortProbeOptions { AnswerBudget = TimeSpan.FromSeconds(3) }).WaitAsync(T);
        Assert.True(r.Answered, r.Error);
        Assert.True(r.Attempts >= 2);
        Assert.Equal("E3372", r.Identity!.Model);
    }

    [Fact(Timeout = 60000)]
    public async Task Port_locked_by_a_live_process_is_reported_busy_and_not_written()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153", Seed = 2 });
        using var sleeper = Process.Start("sleep", "30");
        try
        {
            File.WriteAllText(Path.Combine(modem.Paths.LockDir, "LCK..ttyUSB0"), $"{sleeper.Id,10}\n");
            var r = await PortProber.ProbeOneAsync(modem.Paths.Dev("ttyUSB0"),
                new PortProbeOptions { Channel = new AtChannelOptions { LockDir = modem.Paths.LockDir } }).WaitAsync(T);
            Assert.True(r.Busy);
            Assert.Equal(sleeper.Id, r.BusyPid);
            Assert.False(r.Answered);
            Assert.Equal(0, modem.BytesReceivedOn("ttyUSB0"));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Theory(Timeout = 60000)]
    [InlineData("e3372h-153", "ttyUSB0", 11)]
    [InlineData("e3372h-320", "ttyUSB2", 12)]
    [InlineData("e3131", "ttyUSB2", 13)]
    [InlineData("e367", "ttyUSB2", 14)]
    [InlineData("phone-acm", "ttyACM0", 15)]
    public async Task Channel_session_of_queries_on_the_control_port_with_faults_on(string profile, string port, int seed)
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = profile, Seed = seed, Faults = Hostile, RegistrationDelay = TimeSpan.FromMilliseconds(50),
        });
        await using var ch = AtChannel.Open(modem.Paths.Dev(port));
        var urcs = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        for (var round = 0; round < 5; round++)
        {
            var csq = await ch.SendAsync("AT+CSQ", T).WaitAsync(T);
            Assert.True(csq.IsOk, csq.Describe());
            Assert.NotNull(SignalParser.ParseCsq(Assert.Single(csq.Lines)));

            var cpin = await ch.SendAsync("AT+CPIN?", T).WaitAsync(T);
            Assert.Equal(SimPinCode.Ready, SimPinParser.ParseCpin(Assert.Single(cpin.Lines))!.Code);

            var ati = await ch.SendAsync("ATI", T).WaitAsync(T);
            Assert.True(ati.IsOk);
            Assert.All(ati.Lines, l => Assert.False(l.StartsWith('^'), l));

            var unknown = await ch.SendAsync("AT+NOSUCHCOMMAND", T).WaitAsync(T);
            Assert.NotEqual(AtFinal.Ok, unknown.Final);
            Assert.NotEqual(AtFinal.Timeout, unknown.Final);

            if (profile != "phone-acm")
            {
                var sysinfo = await ch.SendAsync("AT^SYSINFOEX", T).WaitAsync(T);
                if (sysinfo.IsOk) Assert.NotNull(SysInfoParser.ParseSysInfoEx(Assert.Single(sysinfo.Lines)));
                var cpinCounters = await ch.SendAsync("AT^CPIN?", T).WaitAsync(T);
                Assert.Equal(3, SimPinParser.ParseHuaweiCpin(Assert.Single(cpinCounters.Lines))!.PinTimes);
            }
        }
        // Whatever came unsolicited was never an answer line of ours.
        Assert.DoesNotContain(urcs, u => u.StartsWith("+CSQ:") || u.StartsWith("+CPIN:") || u.StartsWith("Model:") || u.StartsWith("^CPIN:"));
    }

    [Fact(Timeout = 60000)]
    public async Task Reset_makes_the_channel_report_the_port_gone()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153", Seed = 21 });
        await using var ch = AtChannel.Open(modem.Paths.Dev("ttyUSB0"));
        Assert.True((await ch.SendAsync("AT", T).WaitAsync(T)).IsOk);
        var reset = modem.ResetAsync(TimeSpan.FromMilliseconds(500));
        await ch.Closed.WaitAsync(T);
        await Assert.ThrowsAsync<PortGoneException>(() => ch.SendAsync("AT", T));
        await reset.WaitAsync(T);
    }
}
