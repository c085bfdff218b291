using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.Tests.Session;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): an NCM call that came up without an address (^DHCP? ERROR: NO_IPADDR) is retried; the
/// failed attempt must end its own call (^NDISDUP=1,0) before the next one starts. It did not: the modem kept the call
/// up through the next attempt's init, SIM and registration, and only that attempt's stale-call check hung it up.
/// </summary>
public sealed class FailedAttemptHangUpTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_no_ipaddr_attempt_hangs_up_its_own_call_before_the_next_attempt_starts()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = SimAttempts.Locked }, new() { Apn = "internet", PinCode = SimAttempts.Pin });
        run.Sim.DhcpError = true;
        await run.Reporter.WaitErrorAsync(ErrorCodes.NoIpAddr, Bound);
        run.Sim.DhcpError = false;
        await run.Reporter.WaitUpAsync(1, Bound);

        var log = run.Sim.PortCommandLog.Select(c => c.Line).ToList();
        var dial = log.FindIndex(l => l.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal));
        Assert.True(dial >= 0, string.Join("\n", log));
        // The next attempt opens with the control port's init (ATE0), then identity, SIM, registration, and dials again.
        var next = log.FindIndex(dial + 1, l => l == "ATE0");
        var redial = log.FindIndex(dial + 1, l => l.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal));
        Assert.True(next > dial && redial > next, string.Join("\n", log));
        var hangUp = log.FindIndex(dial + 1, l => l == "AT^NDISDUP=1,0");
        Assert.True(hangUp > dial && hangUp < next,
            $"the failed attempt's call was not hung up before the next attempt began (hang-up at {hangUp}, next attempt at {next}):\n{string.Join("\n", log)}");
        SimAttempts.AssertNoneUsed(run.Sim);
    }
}
