using System.Diagnostics;

namespace WwanProto.Bench;

/// <summary>
/// `arm64`: the Raspberry Pi binary beside the x86-64 one: file size, and start-up (`--version`, and netifd's
/// `netifd '' dump`). On this x86-64 host arm64 runs only under qemu-user, so its absolute times say nothing
/// about a Pi; the x86-64 binary is timed under qemu-user too (qemu-x86_64-static) and only the ratio is printed
/// beside the native x86-64 figure.
/// </summary>
public static class Arm64Bench
{
    private const int Runs = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepoRoot();
        var x64 = Path.Combine(root, "out", "publish", "linux-x64", "huaweiwwan");
        var arm64 = Path.Combine(root, "out", "publish", "linux-arm64", "huaweiwwan");
        if (!File.Exists(arm64))
        {
            var make = Process.Start(new ProcessStartInfo("make", ["--no-print-directory", "publish", "RID=linux-arm64"]) { WorkingDirectory = root })!;
            await make.WaitForExitAsync();
            if (make.ExitCode != 0) return 1;
        }
        if (!File.Exists(x64))
        {
            Console.Error.WriteLine($"arm64: {x64} is missing; run `make publish` (or `make bench`)");
            return 1;
        }
        string[] qemuArm = ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"];
        string[] qemuX64 = ["qemu-x86_64-static"];
        Console.Out.WriteLine($"{Runs} runs each; start-up = wall time of the whole process, median");
        Console.Out.WriteLine($"{"binary",-8} {"bytes",11} {"--version native",17} {"--version qemu",15} {"dump qemu",10}");
        var x64Native = await MedianAsync([x64, "--version"]);
        var x64Qemu = await MedianAsync([.. qemuX64, x64, "--version"]);
        var x64Dump = await MedianAsync([.. qemuX64, x64, "netifd", "", "dump"]);
        var armQemu = await MedianAsync([.. qemuArm, arm64, "--version"]);
        var armDump = await MedianAsync([.. qemuArm, arm64, "netifd", "", "dump"]);
        Console.Out.WriteLine($"{"x86-64",-8} {new FileInfo(x64).Length,11:N0} {x64Native,15:0.0}ms {"1.00x",15} {"1.00x",10}");
        Console.Out.WriteLine($"{"arm64",-8} {new FileInfo(arm64).Length,11:N0} {"-",17} {armQemu / x64Qemu,14:0.00}x {armDump / x64Dump,9:0.00}x");
        Console.Out.WriteLine($"qemu-user absolute: x86-64 {x64Qemu:0.0} ms, arm64 {armQemu:0.0} ms (--version); x86-64 {x64Dump:0.0} ms, arm64 {armDump:0.0} ms (dump)");
        return 0;
    }

    private static async Task<double> MedianAsync(string[] command)
    {
        var times = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            var start = new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true, RedirectStandardError = true };
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(start)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            await output;
            await error;
            if (p.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', command)} exited {p.ExitCode}: {await error}");
            if (i > 0) times.Add(sw.Elapsed.TotalMilliseconds); // the first run warms the page cache
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WwanProto.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository");
    }
}
