using System.Diagnostics;
using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;
using WwanProto.Tests.Ubus;

namespace WwanProto.Bench;

/// <summary>
/// `ubusd-restart`: how long after procd respawns ubusd the session is whole again, with the product's
/// backoff (0.2 s doubling to 5 s, jittered): its status object published again and netifd told the link
/// state again. ubusd stays down for a while first (procd's respawn takes about a second), which is what
/// the backoff has to bridge.
/// </summary>
public static class UbusdRestartBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        const int Runs = 10;
        var work = Directory.CreateTempSubdirectory("ubusd-restart-bench-").FullName;
        try
        {
            var socket = Path.Combine(work, "ubus.sock");
            var paths = new SystemPaths(work, work, Path.Combine(work, "state"), work);
            Console.Out.WriteLine($"{Runs} restarts per row; time from the new ubusd's listen() to object re-added / link-up re-sent");
            Console.Out.WriteLine($"{"ubusd down for",-16} {"object median",14} {"object max",11} {"link-up median",15} {"link-up max",12}");
            foreach (var down in (int[])[0, 1000, 3000])
            {
                var objectTimes = new List<double>();
                var linkTimes = new List<double>();
                for (var i = 0; i < Runs; i++)
                {
                    // A fresh session each time: a ubusd that keeps dying within 5 s grows the backoff on purpose.
                    var ubusd = new UbusdDouble(socket, "wan");
                    var client = new UbusClient(socket);
                    client.KeepConnected();
                    var reporter = new NetifdReporter(new NetifdNotifier("wan", client), new InterfaceOptions(), paths);
                    await reporter.PublishAsync(new UbusObject("huaweiwwan.wan", []), CancellationToken.None);
                    await reporter.LinkUpAsync(new LinkUp("wwan0", new IpConfig("10.0.0.2", 30, "10.0.0.1", []), null, false, false, new ModemStatus()), CancellationToken.None);
                    await ubusd.DisposeAsync();
                    await Task.Delay(down);
                    var sw = Stopwatch.StartNew();
                    ubusd = new UbusdDouble(socket, "wan");
                    await ubusd.WaitForAsync(c => c.Any(x => x.Action == 0), TimeSpan.FromSeconds(30));
                    linkTimes.Add(sw.Elapsed.TotalMilliseconds);
                    while (ubusd.ObjectId("huaweiwwan.wan") == 0) await Task.Delay(1);
                    objectTimes.Add(sw.Elapsed.TotalMilliseconds);
                    await reporter.DisposeAsync();
                    await ubusd.DisposeAsync();
                }
                Console.Out.WriteLine($"{down + " ms",-16} {Median(objectTimes),11:0.0} ms {objectTimes.Max(),8:0.0} ms {Median(linkTimes),12:0.0} ms {linkTimes.Max(),9:0.0} ms");
            }
            return 0;
        }
        finally
        {
            try { Directory.Delete(work, true); } catch (IOException) { }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
