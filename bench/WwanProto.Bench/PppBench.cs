using System.Diagnostics;
using WwanProto.Core;
using WwanProto.Core.Standalone;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Pppd;

namespace WwanProto.Bench;

/// <summary>
/// `huaweiwwan up` over PPP (the AOT binary) with pppd being the stand-in (fake-pppd: no kernel PPP here), per PPP
/// profile, in a namespace of its own: up -> ppp-wan configured, network drop (NO CARRIER) -> redialled and configured,
/// SIGTERM -> exited (pppd stopped, ppp-wan gone). The stand-in and the chat are separate processes started per dial.
/// </summary>
public static class PppBench
{
    private const int Runs = 3;
    private static readonly string[] Profiles = ["e3131", "phone-acm"];

    public static async Task<int> RunAsync(string[] args)
    {
        var bin = Environment.GetEnvironmentVariable("HUAWEIWWAN_BIN") ?? Path.GetFullPath("out/publish/linux-x64/huaweiwwan");
        var pppd = Path.Combine(AppContext.BaseDirectory, "fake-pppd");
        if (!File.Exists(bin))
        {
            Console.Error.WriteLine($"ppp: {bin} is missing; run `make publish` (make bench does)");
            return 1;
        }
        Console.Out.WriteLine($"binary: {bin}; pppd: the stand-in {pppd}; modem: simulated, no registration delay; {Runs} runs per profile");
        Console.Out.WriteLine($"{"measure",-56} {"min",8} {"median",8} {"max",8}");
        foreach (var profile in Profiles)
        {
            var up = new List<double>();
            var reconnect = new List<double>();
            var down = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                await using var env = await Env.StartAsync(bin, pppd, profile);
                var started = Stopwatch.GetTimestamp();
                env.StartUp();
                await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null }, TimeSpan.FromSeconds(60));
                up.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                var dropped = Stopwatch.GetTimestamp();
                env.Sim.DropNetwork();
                await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null, Modem.Reconnects: 1, Modem.ConnectedSince: not null }
                                          && env.Connects >= 2, TimeSpan.FromSeconds(60));
                reconnect.Add(Stopwatch.GetElapsedTime(dropped).TotalMilliseconds);

                down.Add(await env.StopAsync());
            }
            Row($"{profile}: up -> ppp-wan configured, wall (ms)", up);
            Row($"{profile}: drop -> redialled and configured (ms)", reconnect);
            Row($"{profile}: SIGTERM -> up exited, pppd stopped (ms)", down);
        }
        Console.Out.WriteLine("each dial starts pppd and `huaweiwwan chat` (its connect script) as processes; the phone (one ttyACM)");
        Console.Out.WriteLine("also reopens and re-probes its port after pppd exits. The redial includes the session's 0.5 s backoff.");
        return 0;
    }

    private static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.Out.WriteLine($"{name,-56} {sorted[0],8:0} {sorted[sorted.Length / 2],8:0} {sorted[^1],8:0}");
    }

    /// <summary>One simulator + namespace + `up`; everything removed on dispose.</summary>
    private sealed class Env : IAsyncDisposable
    {
        private readonly string _bin, _pppd;
        private readonly string _dir = Directory.CreateTempSubdirectory("wwan-bench-ppp-").FullName;
        private readonly string _ns = $"wwbppp-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        private Process? _up;
        private int _connects;
        public SimulatedModem Sim { get; private set; } = null!;
        public int Connects => Volatile.Read(ref _connects);
        private SystemPaths Paths => new(Sim.Paths.SysRoot, Sim.Paths.DevRoot, Path.Combine(_dir, "state"), Sim.Paths.LockDir);

        private Env(string bin, string pppd)
        {
            _bin = bin;
            _pppd = pppd;
        }

        public static async Task<Env> StartAsync(string bin, string pppd, string profile)
        {
            var env = new Env(bin, pppd);
            Exec("ip", "netns", "add", env._ns);
            env.Sim = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, RegistrationDelay = TimeSpan.Zero });
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
            start.Environment["HUAWEIWWAN_PPPD"] = _pppd;
            start.Environment["FAKE_PPPD_TUN"] = "1";
            start.Environment["FAKE_PPPD_PEER"] = PppdPeer.Describe(Sim.Addresses);
            _up = Process.Start(start)!;
            _up.ErrorDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("wan: connected: ", StringComparison.Ordinal) == true) Interlocked.Increment(ref _connects);
            };
            _up.BeginErrorReadLine();
        }

        public async Task WaitAsync(Func<StandaloneStatus?, bool> condition, TimeSpan bound)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
            while (!condition(StatusFile.Read(StatusFile.PathFor(Paths, "wan"))))
            {
                if (_up!.HasExited) throw new InvalidOperationException($"up exited with {_up.ExitCode}");
                if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("ppp bench: condition not reached");
                await Task.Delay(2);
            }
        }

        /// <summary>SIGTERM to `up`; the time until it has exited (it stops pppd first).</summary>
        public async Task<double> StopAsync()
        {
            if (_up is not { HasExited: false }) return double.NaN;
            var started = Stopwatch.GetTimestamp();
            WwanProto.Core.Native.PidFd.Terminate(_up.Id);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _up.WaitForExitAsync(bound.Token); } catch (OperationCanceledException) { _up.Kill(); }
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
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
