using System.Collections.Concurrent;
using WwanProto.Core.At;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>The registration watch on its own, on a real AT channel to the simulator's control port.</summary>
public class RegistrationWatchTests
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(10);

    private static readonly SessionTuning Quick = SessionRun.Fast with
    {
        SupervisionInterval = TimeSpan.FromMilliseconds(200),
        RegistrationGrace = TimeSpan.FromMilliseconds(500),
    };

    private static async Task RegisteredAsync(IAtChannel at)
    {
        using var bound = new CancellationTokenSource(T);
        while (!(await at.SendAsync("AT+CGREG?", T)).Lines.Any(l => l.EndsWith(",1", StringComparison.Ordinal)))
        {
            bound.Token.ThrowIfCancellationRequested();
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task QuietModemWithoutCeregIsPolledOverCgreg()
    {
        // A 3G stick (no +CEREG) with its +CxREG URCs left off: only the polls can see the loss.
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3131", RegistrationDelay = TimeSpan.FromMilliseconds(50) });
        await using var at = AtChannel.Open(modem.Paths.Dev("ttyUSB2"));
        await RegisteredAsync(at);
        var log = new ConcurrentQueue<string>();
        var before = modem.CommandLog.Count;
        await using var watch = RegistrationWatch.Start(at, allowRoaming: true, Quick, log.Enqueue, CancellationToken.None);

        modem.Deregister(0, dropCall: false);
        var reason = await watch.Lost.WaitAsync(T);
        Assert.StartsWith("registration lost: +CGREG: 0,0 (not registered) for ", reason);
        var asked = modem.CommandLog.Skip(before).ToList();
        Assert.Single(asked, c => c == "AT+CEREG?"); // unsupported: asked once, then left alone
        Assert.Contains(asked, c => c == "AT+CGREG?");
    }

    [Fact]
    public async Task ReleasedControlPortEndsTheWatchQuietly()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "phone-acm", RegistrationDelay = TimeSpan.FromMilliseconds(50) });
        var at = AtChannel.Open(modem.Paths.Dev("ttyACM0"));
        await using var _ = at;
        await RegisteredAsync(at);
        var log = new ConcurrentQueue<string>();
        var watch = RegistrationWatch.Start(at, allowRoaming: true, Quick, log.Enqueue, CancellationToken.None);

        using (await at.DetachAsync().WaitAsync(T)) { } // what a single-port phone does to hand the port to pppd
        using var bound = new CancellationTokenSource(T);
        while (!log.Any(l => l.Contains("was released", StringComparison.Ordinal)))
        {
            bound.Token.ThrowIfCancellationRequested();
            await Task.Delay(50);
        }
        await watch.DisposeAsync().AsTask().WaitAsync(T);
        Assert.False(watch.Lost.IsCompleted);
    }
}
