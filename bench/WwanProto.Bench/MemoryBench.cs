using System.Diagnostics;
using System.Globalization;

namespace WwanProto.Bench;

/// <summary>
/// `memory` (issue 15): the resident set of a netifd session connected to a simulated stick, for the glibc binary
/// (`make publish`) and the static musl one (`make ipk`), or only $WWAN_BENCH_BIN: as published, then with each runtime setting of
/// WWAN_BENCH_MEMORY_VARIANTS (';'-separated, each 'NAME=VALUE[ NAME=VALUE]' of environment the runtime reads at start,
/// e.g. 'DOTNET_GCgen0size=40000'): connected,
/// the median of WWAN_BENCH_MEMORY_RUNS sessions (default 3) per column, after 1,000 status queries over ubus, threads by name. Then a long
/// run of the binaries as published: one status query every 100 ms for WWAN_BENCH_LONG_MINUTES (default 10; 0 skips
/// it), RSS every minute, to show whether it stays flat.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class MemoryBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = NetifdBench.RepoRoot();
        var variants = (Environment.GetEnvironmentVariable("WWAN_BENCH_MEMORY_VARIANTS") ?? "")
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var minutes = int.TryParse(Environment.GetEnvironmentVariable("WWAN_BENCH_LONG_MINUTES"), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 10;
        var runs = int.TryParse(Environment.GetEnvironmentVariable("WWAN_BENCH_MEMORY_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 3;
        var rc = 0;
        foreach (var (name, bin, make) in Binaries(root))
        {
            Console.Out.WriteLine();
            if (!File.Exists(bin))
            {
                Console.Out.WriteLine($"{name}: {bin} is missing; run `{make}`");
                rc = 1;
                continue;
            }
            Console.Out.WriteLine($"{name}: {bin} (KiB; load average {LoadAverage()})");
            Console.Out.WriteLine($"  {"runtime settings",-44} {"connected: " + MemoryFigures.Header,-48} {"after 1,000 queries: " + MemoryFigures.Header}");
            foreach (var variant in variants.Prepend(""))
                await VariantAsync(bin, variant, runs);
            if (minutes > 0) await LongRunAsync(bin, minutes);
        }
        return rc;
    }

    /// <summary>The glibc and static musl binaries, or only WWAN_BENCH_BIN when set (another build, e.g. with other settings).</summary>
    internal static (string Name, string Path, string Make)[] Binaries(string root) =>
        Environment.GetEnvironmentVariable("WWAN_BENCH_BIN") is { Length: > 0 } given
            ? [("WWAN_BENCH_BIN", Path.GetFullPath(given), "a publish")]
            :
            [
                ("glibc", Path.Combine(root, "out", "publish", "linux-x64", "huaweiwwan"), "make publish"),
                ("static musl", Path.Combine(root, "out", "publish", "static-musl", "huaweiwwan"), "make ipk"),
            ];

    /// <summary>WWAN_BENCH_MEMORY_RUNS sessions (default 3) with the variant's environment; the median of each column.</summary>
    private static async Task VariantAsync(string bin, string variant, int runs)
    {
        var env = variant.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(kv => kv[..kv.IndexOf('=')], kv => kv[(kv.IndexOf('=') + 1)..], StringComparer.Ordinal);
        var connected = new List<MemoryFigures>();
        var after = new List<MemoryFigures>();
        var threads = "";
        var mappings = Array.Empty<string>();
        for (var run = 0; run < runs; run++)
        {
            SessionMemory session;
            try
            {
                session = await SessionMemory.ConnectAsync(bin, env);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                Console.Out.WriteLine($"  {variant,-44} did not connect: {e.Message}");
                return;
            }
            await using var _ = session;
            connected.Add(session.Figures);
            threads = MemoryFigures.ThreadNames(session.Pid);
            mappings = MemoryFigures.LargestMappings(session.Pid, 8).ToArray();
            await session.QueryAsync(1000);
            after.Add(session.Figures);
        }
        Console.Out.WriteLine($"  {(variant.Length == 0 ? "(as published)" : variant),-44} {MemoryFigures.Median(connected).Row,-48} {MemoryFigures.Median(after).Row}");
        Console.Out.WriteLine($"    threads connected: {threads}");
        if (variant.Length == 0) Console.Out.WriteLine($"    largest mappings connected (resident KiB, perms, what, size KiB): {string.Join("; ", mappings)}");
    }

    /// <summary>One status query every 100 ms (LuCI's status page polls every few seconds: this is harsher), RSS each minute.</summary>
    private static async Task LongRunAsync(string bin, int minutes)
    {
        await using var session = await SessionMemory.ConnectAsync(bin, new Dictionary<string, string>());
        Console.Out.WriteLine($"  long run, one status query every 100 ms for {minutes} min: minute {MemoryFigures.Header}  queries");
        Console.Out.WriteLine($"    {0,47} {session.Figures.Row} {0,8:N0}");
        var queries = 0;
        var start = Stopwatch.GetTimestamp();
        for (var minute = 1; minute <= minutes; minute++)
        {
            while (Stopwatch.GetElapsedTime(start).TotalMinutes < minute)
            {
                await session.StatusAsync();
                queries++;
                await Task.Delay(100);
            }
            Console.Out.WriteLine($"    {minute,47} {session.Figures.Row} {queries,8:N0}");
        }
    }

    internal static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
