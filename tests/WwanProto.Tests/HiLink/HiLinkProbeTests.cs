using WwanProto.Core.Config;
using WwanProto.Core.HiLink;
using WwanProto.Core.Session;
using WwanProto.ModemSim.HiLink;
using WwanProto.ModemSim.Net;
using Xunit;

namespace WwanProto.Tests.HiLink;

/// <summary>
/// `hilink_probe`: a stick that reports its call up (901) while nothing passes is caught by a TCP connect to the
/// simulator's "internet" address (inside the test's namespaces only) and recovered through the existing ladder.
/// </summary>
public sealed class HiLinkProbeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly SessionTuning Tuning = SessionTuning.Default with
    {
        SupervisionInterval = TimeSpan.FromMilliseconds(200), PollInterval = TimeSpan.FromMilliseconds(100),
    };

    private static ReachabilityProbe Probe(HiLinkRig rig, string target = HiLinkFirmware.InternetAddress) =>
        new(target, TimeSpan.FromSeconds(1), family => NetnsSocket.Create(rig.Ns.Name, family));

    [Fact]
    public async Task The_probe_answers_while_the_call_carries_traffic_and_not_once_it_is_blackholed()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        var deadline = DateTime.UtcNow + Bound;
        while ((await api.StatusAsync(CancellationToken.None)).ConnectionStatus != HiLinkMonitoringStatus.Connected)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stick's call did not come up");
            await Task.Delay(50);
        }
        Assert.Null(await Probe(rig).CheckAsync(CancellationToken.None));
        Assert.Null(await Probe(rig, HiLinkFirmware.InternetAddress + ":9").CheckAsync(CancellationToken.None)); // refused = answered

        rig.Sim.HiLink.BlackholeCall();
        Assert.Equal(HiLinkMonitoringStatus.Connected, (await api.StatusAsync(CancellationToken.None)).ConnectionStatus);
        var failure = await Probe(rig).CheckAsync(CancellationToken.None);
        Assert.NotNull(failure);
        Assert.StartsWith(HiLinkFirmware.InternetAddress, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blackholed_call_reported_up_climbs_the_ladder_and_the_switch_cycle_brings_traffic_back()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var log = new List<string>();
        var settings = new HiLinkSettings(null, DataSwitch: true, null, null, null, "none", HiLinkFirmware.InternetAddress, 1);
        var call = new HiLinkCall(rig.Api(), settings, Tuning, TimeSpan.FromSeconds(20), l => { lock (log) log.Add(l); }, Probe(rig));
        await call.StartAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var watch = call.WatchAsync(stop.Token);

        rig.Sim.HiLink.BlackholeCall();
        var deadline = DateTime.UtcNow + Bound;
        while (call.SwitchCycles == 0 || !rig.InternetReachable())
        {
            Assert.False(watch.IsCompleted, watch.IsCompleted ? await watch : "");
            Assert.True(DateTime.UtcNow < deadline, string.Join("\n", log));
            await Task.Delay(100);
        }
        Assert.True(call.ProbeFailures >= 2, $"probe failures {call.ProbeFailures}");
        Assert.Equal(0, call.Reboots);
        lock (log)
        {
            Assert.Contains(log, l => l.Contains($"carries nothing (probe {HiLinkFirmware.InternetAddress})", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("the stick's call is back", StringComparison.Ordinal));
        }
        Assert.Contains(rig.Sim.HiLink.Log, l => l.StartsWith("POST /api/dialup/mobile-dataswitch", StringComparison.Ordinal));
        Assert.False(watch.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);
    }

    [Theory]
    [InlineData("198.18.0.1", null)]
    [InlineData("example.net:443", null)]
    [InlineData("[2001:db8::1]:80", null)]
    [InlineData("[2001:db8::1]", null)]
    [InlineData("host:0", "expected host[:port]")]
    [InlineData("host:70000", "expected host[:port]")]
    [InlineData("a b", "expected host[:port]")]
    [InlineData("[198.18.0.1]", "expected host[:port]")]
    [InlineData("x;reboot", "")]
    public void The_probe_option_is_validated(string value, string? problem)
    {
        var said = ValueRules.ProbeTarget(value);
        if (problem is null) Assert.Null(said);
        else Assert.Contains(problem, said ?? "(accepted)", StringComparison.Ordinal);
    }
}
