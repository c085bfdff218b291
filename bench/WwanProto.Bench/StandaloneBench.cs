using System.Diagnostics;
using System.Globalization;
using WwanProto.ModemSim;

namespace WwanProto.Bench;

/// <summary>
/// `huaweiwwan up` (the AOT binary from `make publish`) against an instant simulated modem (no registration or
/// call-setup delay) in a namespace of its own: time to a configured interface, reconnect after a network drop,
/// RSS while connected, CPU time over an idle connected minute (WWAN_BENCH_IDLE_SECONDS to shorten).
/// </summary>
public static class StandaloneBench
{
    private const int Runs = 3;

    public static async Task<int> Run(string[] args)
    {
        var bin = Environment.GetEnvironmentVariable("HUAWEIWWAN_BIN") ?? Path.GetFullPath("out/publish/linux-x64/huaweiwwan");
        if (!File.Exists(bin))
        {
            Console.Error.WriteLine($"standalone: {bin} is missing; run `make publish` (make bench does)");
            return 1;
        }
        var idle = int.TryParse(Environment.GetEnvironmentVariable("WWAN_BENCH_IDLE_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 60;
        var ticks = 100.0; // USER_HZ on every Linux ABI .NET runs on

        var upWall = new List<double>();
        var upCpu = new List<double>();
        var reconnect = new List<double>();
        long rssKb = 0;
        double idleCpu = 0;
        for (var run = 0; run < Runs; run++)
        {
            await using var env = await UpProcessRig.StartAsync(bin, ns => new SimOptions
            {
                Profile = "e3372h-153", NetDev = "wwan0", CreateVeth = true, HostNetNs = ns,
                RegistrationDelay = TimeSpan.Zero, NdisConnectDelay = TimeSpan.Zero,
            });
            var started = Stopwatch.GetTimestamp();
            env.StartUp();
            await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null }, TimeSpan.FromSeconds(60));
            upWall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            upCpu.Add(env.CpuTicks() * 1000 / ticks);

            var before = env.Status()!.Modem.Reconnects;
            var dropped = Stopwatch.GetTimestamp();
            env.Sim.DropNetwork(36);
            await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null, Modem.ConnectedSince: not null } && st.Modem.Reconnects > before, TimeSpan.FromSeconds(60));
            reconnect.Add(Stopwatch.GetElapsedTime(dropped).TotalMilliseconds);

            if (run == Runs - 1)
            {
                await Task.Delay(1000);
                rssKb = env.RssKb();
                var cpu0 = env.CpuTicks();
                await Task.Delay(TimeSpan.FromSeconds(idle));
                idleCpu = (env.CpuTicks() - cpu0) * 1000 / ticks;
            }
            await env.StopAsync();
        }

        Console.Out.WriteLine($"binary: {bin} ({new FileInfo(bin).Length / 1024} KiB); modem: simulated e3372h-153, no registration/call delay; {Runs} runs");
        Console.Out.WriteLine($"{"measure",-52} {"min",10} {"median",10} {"max",10}");
        Row("up -> interface configured, wall (ms)", upWall);
        Row("  of which CPU time of huaweiwwan (ms)", upCpu);
        Row("network drop -> reconnected and configured (ms)", reconnect);
        Console.Out.WriteLine($"{"RSS of the connected session (KiB)",-52} {rssKb,10}");
        Console.Out.WriteLine($"{$"CPU time over {idle} s connected and idle (ms)",-52} {idleCpu,10:0}");
        Console.Out.WriteLine("fixed sleeps in our connect path: 0 (OpenWrt's ncm.sh: 10.8 s of sleeps); the wall time is AT round trips,");
        Console.Out.WriteLine("process start-up and iproute2 runs; the reconnect includes the session's 0.5 s backoff after a loss.");
        return 0;
    }

    private static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.Out.WriteLine($"{name,-52} {sorted[0],10:0} {sorted[sorted.Length / 2],10:0} {sorted[^1],10:0}");
    }
}
