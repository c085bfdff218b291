using System.Collections.Concurrent;
using WwanProto.Core.At;
using WwanProto.Core.Control;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.Tests.At;
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
        await using var watch = RegistrationWatch.Start(new AtModemControl(at), allowRoaming: true, Quick, log.Enqueue, CancellationToken.None);

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
        var watch = RegistrationWatch.Start(new AtModemControl(at), allowRoaming: true, Quick, log.Enqueue, CancellationToken.None);

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

    [Fact]
    public async Task StaleHomeStatusOfAnotherKindDoesNotHideRoaming()
    {
        // A scripted modem: +CEREG reports the move to a roaming network, the +CGREG URC never comes. The watch
        // must re-ask +CGREG (the kind its "registered" verdict rests on) instead of the roaming +CEREG forever.
        using var peer = new PtyPeer();
        await using var at = AtChannel.Open(peer.Path);
        var stat = 1;
        var answered = 0;
        using var stop = new CancellationTokenSource(T);
        var modem = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (peer.ReadCommand(TimeSpan.FromMilliseconds(100)) is not { } command) continue;
                var kind = command.Length > 3 && command.EndsWith('?') ? command[2..^1] : null;
                peer.Write(kind is "+CEREG" or "+CGREG" or "+CREG" ? $"\r\n{kind}: 2,{Volatile.Read(ref stat)},\"792D\",\"04947221\"\r\n\r\nOK\r\n" : "\r\nOK\r\n");
                Interlocked.Increment(ref answered);
            }
        });
        var log = new ConcurrentQueue<string>();
        var watch = RegistrationWatch.Start(new AtModemControl(at), allowRoaming: false, Quick, log.Enqueue, CancellationToken.None);
        try
        {
            while (Volatile.Read(ref answered) < 3) await Task.Delay(20, stop.Token); // the watch's first look at every kind: all home
            Volatile.Write(ref stat, 5);
            peer.Write("\r\n+CEREG: 5,\"792D\",\"04947221\"\r\n");
            var reason = await watch.Lost.WaitAsync(T);
            Assert.Contains("moved to a roaming network", reason);
            Assert.Contains("allow_roaming is 0", reason);
        }
        finally
        {
            await watch.DisposeAsync();
            await stop.CancelAsync();
            await modem.WaitAsync(T);
        }
    }
}
