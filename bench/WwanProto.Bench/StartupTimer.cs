using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WwanProto.Bench;

/// <summary>
/// Wall and CPU time of short-lived processes, started with posix_spawn and reaped with wait4 (no .NET
/// Process machinery between the clock reads, so a fast C program measures as fast as it is).
/// Commands run interleaved, so load on the machine falls on all of them alike.
/// </summary>
internal static partial class StartupTimer
{
    public sealed record Timing(string Name, double WallMedianMs, double CpuMedianMs);

    public static List<Timing> Measure(int runs, IReadOnlyList<(string Name, string[] Argv)> commands, string[] environment)
    {
        var wall = commands.Select(_ => new List<double>()).ToArray();
        var cpu = commands.Select(_ => new List<double>()).ToArray();
        for (var run = 0; run <= runs; run++) // run 0 warms the page cache and is not counted
            for (var i = 0; i < commands.Count; i++)
            {
                var (w, c) = RunOnce(commands[i].Argv, environment);
                if (run == 0) continue;
                wall[i].Add(w);
                cpu[i].Add(c);
            }
        return commands.Select((c, i) => new Timing(c.Name, Median(wall[i]), Median(cpu[i]))).ToList();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static unsafe (double WallMs, double CpuMs) RunOnce(string[] argv, string[] environment)
    {
        var actions = stackalloc byte[256]; // posix_spawn_file_actions_t is 80 bytes on glibc x86-64/arm64
        Check(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        Check(posix_spawn_file_actions_addopen(actions, 1, "/dev/null", 1 /* O_WRONLY */, 0), "addopen");
        Check(posix_spawn_file_actions_addopen(actions, 2, "/dev/null", 1, 0), "addopen");
        var started = Stopwatch.GetTimestamp();
        Check(posix_spawn(out var pid, argv[0], actions, null, [.. argv, null], [.. environment, null]), "posix_spawn " + argv[0]);
        var usage = stackalloc long[18]; // struct rusage: ru_utime, ru_stime (timeval each), then 14 longs
        if (wait4(pid, out var status, 0, usage) != pid) throw new InvalidOperationException("wait4 failed");
        var wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        posix_spawn_file_actions_destroy(actions);
        if (status != 0) throw new InvalidOperationException($"{string.Join(' ', argv)} ended with wait status {status}");
        var cpuMs = (usage[0] + usage[2]) * 1000.0 + (usage[1] + usage[3]) / 1000.0;
        return (wallMs, cpuMs);
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0) throw new InvalidOperationException($"{what}: error {rc}");
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int posix_spawn(out int pid, string path, void* fileActions, void* attributes, string?[] argv, string?[] envp);

    [LibraryImport("libc")]
    private static unsafe partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int posix_spawn_file_actions_addopen(void* actions, int fd, string path, int flags, uint mode);

    [LibraryImport("libc")]
    private static unsafe partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport("libc")]
    private static unsafe partial int wait4(int pid, out int status, int options, long* usage);
}
