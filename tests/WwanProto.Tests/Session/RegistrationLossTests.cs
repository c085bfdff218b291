using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using Xunit;
using Xunit.Abstractions;

namespace WwanProto.Tests.Session;

/// <summary>
/// Supervision's registration watch over the simulator's ptys, with a modem that keeps the NDIS call "up"
/// while unregistered (Deregister with dropCall false), so only the watch can see the dead data path.
/// </summary>
public class RegistrationLossTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static async Task WaitLoggedAsync(SessionRun run, string text, int after)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!run.Log.Skip(after).Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (bound.IsCancellationRequested) throw new TimeoutException($"no \"{text}\" in the session log:\n{run}");
            await Task.Delay(50);
        }
    }

    private static async Task WaitDownAsync(SessionRun run)
    {
        try
        {
            await run.Reporter.WaitForAsync(r => r.Downs.Count >= 1, Bound, "link down");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nsession log:\n{run}\nmodem commands:\n{string.Join("\n", run.Sim.CommandLog.TakeLast(40))}", e);
        }
    }

    private static async Task WaitCommandAsync(SessionRun run, string command, int after)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!run.Sim.CommandLog.Skip(after).Contains(command))
        {
            if (bound.IsCancellationRequested) throw new TimeoutException($"the modem never got {command}:\n{run}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task LossOutlastingTheGraceHangsUpAndReconnectsOnceRegistered()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions(), tuning: SessionRun.Fast with { RegistrationGrace = TimeSpan.FromSeconds(1) });
        await run.Reporter.WaitUpAsync(1, Bound);

        var before = run.Sim.CommandLog.Count;
        var logged = run.Log.Count;
        run.Sim.Deregister(2, dropCall: false);
        await WaitDownAsync(run);
        var reason = Assert.Single(run.Reporter.Downs);
        Assert.StartsWith("registration lost: +CEREG: 2", reason);
        Assert.Contains("(searching)", reason);
        await WaitCommandAsync(run, "AT^NDISDUP=1,0", before);

        // No dial while the network is gone: the session waits for registration first.
        var hungUp = run.Sim.CommandLog.Count;
        await WaitLoggedAsync(run, "registration: +CEREG: 2 searching", logged);
        Assert.DoesNotContain(run.Sim.CommandLog.Skip(hungUp), c => c.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal));

        run.Sim.Reregister();
        await run.Reporter.WaitUpAsync(2, Bound);
        Assert.Equal("connected", run.Reporter.LastStatus!.State);
        Assert.Equal(1, run.Reporter.LastStatus.Reconnects);
        output.WriteLine(run.ToString());
    }

    [Fact]
    public async Task LossShorterThanTheGraceIsOnlyLogged()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions(), tuning: SessionRun.Fast with { RegistrationGrace = TimeSpan.FromSeconds(30) });
        await run.Reporter.WaitUpAsync(1, Bound);

        var before = run.Sim.CommandLog.Count;
        var logged = run.Log.Count;
        run.Sim.Deregister(2, dropCall: false);
        await WaitLoggedAsync(run, "(searching); the link is kept", logged);
        run.Sim.Reregister();
        await WaitLoggedAsync(run, "registration: back after", logged);

        Assert.Empty(run.Reporter.Downs);
        Assert.Single(run.Reporter.Ups);
        Assert.DoesNotContain(run.Sim.CommandLog.Skip(before), c => c.StartsWith("AT^NDISDUP=1,0", StringComparison.Ordinal));
        Assert.Equal("connected", run.Reporter.LastStatus!.State);
        output.WriteLine(run.ToString());
    }

    [Fact]
    public async Task MovingToRoamingWhenNotAllowedIsALoss()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions(), new InterfaceOptions { Apn = "internet", AllowRoaming = false },
            SessionRun.Fast with { RegistrationGrace = TimeSpan.FromSeconds(1) });
        await run.Reporter.WaitUpAsync(1, Bound);

        run.Sim.Reregister(5);
        await WaitDownAsync(run);
        var reason = Assert.Single(run.Reporter.Downs);
        Assert.Contains("moved to a roaming network (+CEREG: ", reason);
        Assert.Contains("allow_roaming is 0", reason);
        // Reconnecting refuses the roaming network, as the first connect would have.
        await run.Reporter.WaitErrorAsync(ErrorCodes.RoamingNotAllowed, Bound);

        run.Sim.Reregister(1);
        await run.Reporter.WaitUpAsync(2, Bound);
        output.WriteLine(run.ToString());
    }
}
