using System.Diagnostics;
using System.Globalization;

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
    public static async Task<int> RunAsync(string[] args)
    {
        var root = NetifdBench.RepoRoot();
        var runs = StartupRuns();
        var rc = 0;
        foreach (var (name, bin, make) in MemoryBench.Binaries(root))
        {
            Console.Out.WriteLine();
            if (!File.Exists(bin))
            {
                Console.Out.WriteLine($"{name}: {bin} is missing; run `{make}`");
                rc = 1;
                continue;
            }
            Console.Out.WriteLine($"{name}: {bin} (load average {MemoryBench.LoadAverage()})");
            Console.Out.WriteLine($"  {"size (bytes)",-46} {new FileInfo(bin).Length,12:N0}");
            Console.Out.WriteLine($"  {"xz -9 (bytes)",-46} {XzSize(bin),12:N0}");
            Console.Out.WriteLine($"  {"gzip -9 (bytes; the ipk is a .tar.gz)",-46} {CompressedSize("gzip", bin),12:N0}");
            Startup(bin, runs);
            await SessionMemoryAsync(bin);
        }
        // Under qemu-user a run costs ~30x a native one: fewer runs keep the section at a minute or two.
        if (!await Arm64Bench.PrintAsync(root, Math.Min(runs, 50))) rc = 1;
        return rc;
    }

    internal static int StartupRuns() =>
        int.TryParse(Environment.GetEnvironmentVariable("WWAN_BENCH_STARTUP_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 300;

    internal static long XzSize(string file) => CompressedSize("xz", file);

    /// <summary>Bytes `<paramref name="tool"/> -9 -c` makes of <paramref name="file"/>.</summary>
    private static long CompressedSize(string tool, string file)
    {
        var psi = new ProcessStartInfo(tool, ["-9", "-c", file]) { RedirectStandardOutput = true };
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
        await using var session = await SessionMemory.ConnectAsync(bin, new Dictionary<string, string>());
        var connected = session.Figures;
        Console.Out.WriteLine($"  {"session RSS connected (KiB), threads",-46} {connected.RssKb,12:N0} {connected.Threads,4}");
        await session.QueryAsync(1000);
        var after = session.Figures;
        Console.Out.WriteLine($"  {"  after 1,000 status queries over ubus",-46} {after.RssKb,12:N0} {after.Threads,4}");
    }
}
