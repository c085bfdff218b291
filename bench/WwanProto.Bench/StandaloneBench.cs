using System.Diagnostics;
using System.Globalization;
using WwanProto.Core;
using WwanProto.Core.Standalone;
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
            await using var env = await BenchEnv.StartAsync(bin);
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

    /// <summary>One simulator + namespace + `up` process; everything removed on dispose.</summary>
    private sealed class BenchEnv : IAsyncDisposable
    {
        private readonly string _bin;
        private readonly string _dir = Directory.CreateTempSubdirectory("wwan-bench-").FullName;
        private readonly string _ns = $"wwbench-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        private Process? _up;
        public SimulatedModem Sim { get; private set; } = null!;
        private SystemPaths Paths => new(Sim.Paths.SysRoot, Sim.Paths.DevRoot, Path.Combine(_dir, "state"), Sim.Paths.LockDir);

        private BenchEnv(string bin) => _bin = bin;

        public static async Task<BenchEnv> StartAsync(string bin)
        {
            var env = new BenchEnv(bin);
            Exec("ip", "netns", "add", env._ns);
            env.Sim = await SimulatedModem.StartAsync(new SimOptions
            {
                Profile = "e3372h-153", NetDev = "wwan0", CreateVeth = true, HostNetNs = env._ns,
                RegistrationDelay = TimeSpan.Zero, NdisConnectDelay = TimeSpan.Zero,
            });
            File.WriteAllText(Path.Combine(env._dir, "network"),
                $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{env.Sim.UsbPath}'\n\toption apn 'internet'\n");
            return env;
        }

        public void StartUp()
        {
            var start = new ProcessStartInfo("ip") { RedirectStandardError = true };
            foreach (var a in (string[])["netns", "exec", _ns, _bin, "up", "--config", Path.Combine(_dir, "network"), "--resolv", Path.Combine(_dir, "resolv")])
                start.ArgumentList.Add(a);
            start.Environment["HUAWEIWWAN_SYSFS"] = Paths.SysRoot;
            start.Environment["HUAWEIWWAN_DEVROOT"] = Paths.DevRoot;
            start.Environment["HUAWEIWWAN_LOCKDIR"] = Paths.LockDir;
            start.Environment["HUAWEIWWAN_STATEDIR"] = Paths.StateDir;
            _up = Process.Start(start)!;
            _up.ErrorDataReceived += (_, _) => { };
            _up.BeginErrorReadLine();
        }

        public StandaloneStatus? Status() => StatusFile.Read(StatusFile.PathFor(Paths, "wan"));

        public async Task WaitAsync(Func<StandaloneStatus?, bool> condition, TimeSpan bound)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
            while (!condition(Status()))
            {
                if (_up!.HasExited) throw new InvalidOperationException($"up exited with {_up.ExitCode}");
                if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("standalone bench: condition not reached");
                await Task.Delay(2);
            }
        }

        /// <summary>utime + stime of `up` (ticks), from /proc/&lt;pid&gt;/stat (fields 14 and 15, after the comm).</summary>
        public long CpuTicks()
        {
            var stat = File.ReadAllText($"/proc/{_up!.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        public long RssKb()
        {
            foreach (var line in File.ReadLines($"/proc/{_up!.Id}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return 0;
        }

        public async Task StopAsync()
        {
            if (_up is { HasExited: false })
            {
                WwanProto.Core.Native.PidFd.Terminate(_up.Id);
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await _up.WaitForExitAsync(bound.Token); } catch (OperationCanceledException) { _up.Kill(); }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _up?.Dispose();
            await Sim.DisposeAsync();
            Exec("ip", "netns", "del", _ns);
            Directory.Delete(_dir, recursive: true);
        }

        private static void Exec(params string[] argv)
        {
            using var p = Process.Start(argv[0], argv[1..])!;
            p.WaitForExit(10000);
        }
    }
}
