using System.Diagnostics;

namespace WwanProto.Bench;

/// <summary>
/// The arm64 (Raspberry Pi) binary beside the x86-64 one, part of `footprint` (also on its own as `arm64`):
/// file size, xz -9 size, and start-up of `--version` and `netifd '' dump`. On this x86-64 host arm64 runs only
/// under qemu-user, whose translation dominates, so absolute arm64 times say nothing about a Pi: the x86-64
/// binary is run under qemu-user too (qemu-x86_64-static) in the same interleaved loop, and what is printed is
/// the ratio arm64 / x86-64, both emulated.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class Arm64Bench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = FootprintBench.StartupRuns();
        return await PrintAsync(NetifdBench.RepoRoot(), Math.Min(runs, 50)) ? 0 : 1;
    }

    /// <summary>Prints the section; false when a binary is missing or cannot be built.</summary>
    public static async Task<bool> PrintAsync(string root, int runs)
    {
        var x64 = Path.Combine(root, "out", "publish", "linux-x64", "huaweiwwan");
        var arm64 = Path.Combine(root, "out", "publish", "linux-arm64", "huaweiwwan");
        Console.Out.WriteLine();
        if (!File.Exists(x64))
        {
            Console.Out.WriteLine($"arm64: {x64} is missing; run `make publish`");
            return false;
        }
        if (!File.Exists(arm64))
        {
            using var make = Process.Start(new ProcessStartInfo("make", ["--no-print-directory", "publish", "RID=linux-arm64"]) { WorkingDirectory = root })!;
            await make.WaitForExitAsync();
            if (make.ExitCode != 0)
            {
                Console.Out.WriteLine("arm64: `make publish RID=linux-arm64` failed");
                return false;
            }
        }
        Console.Out.WriteLine($"arm64 (Raspberry Pi): {arm64}");
        Console.Out.WriteLine($"  {"",-40} {"x86-64",12} {"arm64",12} {"arm64/x86-64",13}");
        var sizes = (new FileInfo(x64).Length, new FileInfo(arm64).Length);
        Console.Out.WriteLine($"  {"size (bytes)",-40} {sizes.Item1,12:N0} {sizes.Item2,12:N0} {(double)sizes.Item2 / sizes.Item1,12:0.00}x");
        var xz = (FootprintBench.XzSize(x64), FootprintBench.XzSize(arm64));
        Console.Out.WriteLine($"  {"xz -9 (bytes)",-40} {xz.Item1,12:N0} {xz.Item2,12:N0} {(double)xz.Item2 / xz.Item1,12:0.00}x");

        var muslX64 = Path.Combine(root, "out", "publish", "static-musl", "huaweiwwan");
        var muslArm64 = Path.Combine(root, "out", "publish", "static-musl-aarch64", "huaweiwwan");
        if (File.Exists(muslX64) && File.Exists(muslArm64)) // make ipk, make ipk ARCH=aarch64
        {
            var musl = (new FileInfo(muslX64).Length, new FileInfo(muslArm64).Length);
            Console.Out.WriteLine($"  {"static musl, size (bytes)",-40} {musl.Item1,12:N0} {musl.Item2,12:N0} {(double)musl.Item2 / musl.Item1,12:0.00}x");
        }
        else
        {
            Console.Out.WriteLine("  static musl: run `make ipk` and `make ipk ARCH=aarch64` for that row");
        }

        var state = Directory.CreateTempSubdirectory("footprint-arm64-").FullName;
        try
        {
            string[] env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", $"HUAWEIWWAN_STATEDIR={state}"];
            string[] qemuX64 = ["/usr/bin/qemu-x86_64-static", x64];
            string[] qemuArm64 = ["/usr/bin/qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu", arm64];
            var t = StartupTimer.Measure(runs,
            [
                ("x64 --version", [.. qemuX64, "--version"]),
                ("arm64 --version", [.. qemuArm64, "--version"]),
                ("x64 dump", [.. qemuX64, "netifd", "", "dump"]),
                ("arm64 dump", [.. qemuArm64, "netifd", "", "dump"]),
            ], env);
            Console.Out.WriteLine($"  start-up under qemu-user, {runs} interleaved runs, wall median (relative figures only: emulated):");
            Console.Out.WriteLine($"    {"--version",-38} {t[0].WallMedianMs,10:0.0}ms {t[1].WallMedianMs,10:0.0}ms {t[1].WallMedianMs / t[0].WallMedianMs,12:0.00}x");
            Console.Out.WriteLine($"    {"netifd '' dump",-38} {t[2].WallMedianMs,10:0.0}ms {t[3].WallMedianMs,10:0.0}ms {t[3].WallMedianMs / t[2].WallMedianMs,12:0.00}x");
        }
        finally
        {
            Directory.Delete(state, true);
        }
        return true;
    }
}
