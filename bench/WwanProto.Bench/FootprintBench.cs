using System.Diagnostics;
using System.Globalization;
using WwanProto.Core.Ubus;
using WwanProto.ModemSim;
using WwanProto.Tests.Netifd;
using WwanProto.Tests.Ubus;

namespace WwanProto.Bench;

/// <summary>
/// `footprint` (issue 15's table): for the glibc binary (`make publish`) and the static musl one (`make ipk`):
/// size, xz -9 size (what squashfs costs), start-up of `--version` and `netifd '' dump` (median wall time
/// of WWAN_BENCH_STARTUP_RUNS interleaved runs, default 300, and its ratio to /bin/true and busybox true in
/// the same run), and the RSS of a netifd session connected to a simulated modem (through the shim, against
/// the ubusd double), again after 1,000 status queries over ubus. Then the arm64 binary beside x86-64
/// (<see cref="Arm64Bench"/>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class FootprintBench
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = NetifdBench.RepoRoot();
        var runs = StartupRuns();
        var binaries = new[]
        {
            ("glibc", Path.Combine(root, "out", "publish", "linux-x64", "huaweiwwan"), "make publish"),
            ("static musl", Path.Combine(root, "out", "publish", "static-musl", "huaweiwwan"), "make ipk"),
        };
        var rc = 0;
        foreach (var (name, bin, make) in binaries)
        {
            Console.Out.WriteLine();
            if (!File.Exists(bin))
            {
                Console.Out.WriteLine($"{name}: {bin} is missing; run `{make}`");
                rc = 1;
                continue;
            }
            Console.Out.WriteLine($"{name}: {bin}");
            Console.Out.WriteLine($"  {"size (bytes)",-46} {new FileInfo(bin).Length,12:N0}");
            Console.Out.WriteLine($"  {"xz -9 (bytes)",-46} {XzSize(bin),12:N0}");
            Startup(bin, runs);
            await SessionMemoryAsync(bin);
        }
        // Under qemu-user a run costs ~30x a native one: fewer runs keep the section at a minute or two.
        if (!await Arm64Bench.PrintAsync(root, Math.Min(runs, 50))) rc = 1;
        return rc;
    }

    internal static int StartupRuns() =>
        int.TryParse(Environment.GetEnvironmentVariable("WWAN_BENCH_STARTUP_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 300;

    internal static long XzSize(string file)
    {
        var psi = new ProcessStartInfo("xz", ["-9", "-c", file]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = p.StandardOutput.BaseStream.Read(buffer)) > 0) total += n;
        p.WaitForExit();
        return total;
    }

    private static void Startup(string bin, int runs)
    {
        var state = Directory.CreateTempSubdirectory("footprint-state-").FullName;
        try
        {
            string[] env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", $"HUAWEIWWAN_STATEDIR={state}"];
            var commands = new List<(string, string[])>
            {
                ("/bin/true", ["/bin/true"]),
                ("--version", [bin, "--version"]),
                ("netifd '' dump", [bin, "netifd", "", "dump"]),
            };
            var busybox = new[] { "/usr/bin/busybox", "/bin/busybox" }.FirstOrDefault(File.Exists);
            if (busybox is not null) commands.Insert(1, ("busybox true", [busybox, "true"]));
            var timings = StartupTimer.Measure(runs, commands, env);
            var trueMs = timings[0].WallMedianMs;
            var busyboxMs = busybox is null ? double.NaN : timings[1].WallMedianMs;
            Console.Out.WriteLine($"  start-up, {runs} interleaved runs: {"wall median",12} {"/ true",7} {"/ bb true",9} {"CPU median",11}");
            foreach (var t in timings)
                Console.Out.WriteLine($"    {t.Name,-40} {t.WallMedianMs,10:0.00}ms {t.WallMedianMs / trueMs,6:0.00}x {t.WallMedianMs / busyboxMs,8:0.00}x {t.CpuMedianMs,9:0.00}ms");
        }
        finally
        {
            Directory.Delete(state, true);
        }
    }

    /// <summary>One netifd session (setup through the shim, the proto task from action 1) connected to a simulated stick.</summary>
    private static async Task SessionMemoryAsync(string bin)
    {
        Environment.SetEnvironmentVariable("HUAWEIWWAN_TEST_BIN", bin);
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e3372h-153", RegistrationDelay = TimeSpan.Zero, NdisConnectDelay = TimeSpan.Zero,
        }).WaitAsync(Bound);
        var env = new Dictionary<string, string>
        {
            ["HUAWEIWWAN_SYSFS"] = sim.Paths.SysRoot,
            ["HUAWEIWWAN_DEVROOT"] = sim.Paths.DevRoot,
            ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir,
        };
        var setup = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""", env);
        if (setup.Exit != 0) throw new InvalidOperationException($"setup exited {setup.Exit}: {setup.Stderr}");
        await using var task = NetifdProtoTask.Start(netifd, ubusd.Notifications("wan").Single());
        await ubusd.WaitForAsync(c => c.Any(x => x.Action == 0), Bound);
        await using var luci = await UbusConnection.ConnectAsync(ubusd.SocketPath);
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * (long)Bound.TotalSeconds;
        while (!(await StatusAsync(luci)).Contains("\"connected\"", StringComparison.Ordinal))
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("footprint: the session did not reach 'connected'");
            await Task.Delay(20);
        }
        await Task.Delay(1000); // let the connect path's garbage be collected as it would be
        var (rss, threads) = Memory(task.Pid);
        Console.Out.WriteLine($"  {"session RSS connected (KiB), threads",-46} {rss,12:N0} {threads,4}");
        for (var i = 0; i < 1000; i++) await StatusAsync(luci);
        (rss, threads) = Memory(task.Pid);
        Console.Out.WriteLine($"  {"  after 1,000 status queries over ubus",-46} {rss,12:N0} {threads,4}");
        task.Terminate();
        await task.ExitAsync(Bound);
    }

    private static async Task<string> StatusAsync(UbusConnection ubus) =>
        (await ubus.CallAsync("huaweiwwan.wan", "status", BlobmsgJson.FromJson("{}"))).ToJson();

    /// <summary>VmRSS (KiB) and Threads from /proc/PID/status.</summary>
    internal static (long RssKb, int Threads) Memory(int pid)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
        }
        return (rss, threads);
    }
}
