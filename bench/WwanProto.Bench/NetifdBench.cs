using System.Diagnostics;
using WwanProto.Tests.Ubus;

namespace WwanProto.Bench;

/// <summary>
/// `netifd`: what netifd waits for. Dump latency (netifd scans every handler at start, serially) for the
/// AOT binary from `make publish`, directly and through the shim under busybox ash; and setup → first
/// notify (netifd sees the proto task start) against the in-process ubusd double.
/// </summary>
public static class NetifdBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = 30;
        var root = RepoRoot();
        var bin = Path.Combine(root, "out", "publish", "linux-x64", "huaweiwwan");
        if (!File.Exists(bin))
        {
            Console.Error.WriteLine($"netifd: {bin} is missing; run `make publish` (or `make bench`)");
            return 1;
        }
        var work = Directory.CreateTempSubdirectory("netifd-bench-").FullName;
        try
        {
            var protoDir = Path.Combine(work, "proto");
            Directory.CreateDirectory(protoDir);
            var shim = Path.Combine(protoDir, "huaweiwwan.sh");
            File.Copy(Path.Combine(root, "proto", "netifd", "huaweiwwan.sh"), shim);
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(shim, (UnixFileMode)0b111_101_101);
            var env = new Dictionary<string, string>
            {
                ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
                ["HUAWEIWWAN_BIN"] = bin,
                ["HUAWEIWWAN_STATEDIR"] = Path.Combine(work, "state"),
            };

            Console.Out.WriteLine($"binary: {bin} ({new FileInfo(bin).Length / 1024} KiB), {runs} runs each, wall time per run");
            Console.Out.WriteLine($"{"measure",-44} {"median",9} {"p90",9} {"min",9}");
            Row("dump (huaweiwwan netifd '' dump)", await TimeAsync(runs, () => Run(bin, ["netifd", "", "dump"], protoDir, env)));
            Row("dump via shim (busybox ash -c ./x.sh '' dump)", await TimeAsync(runs, () => Run("busybox", ["ash", "-c", "./huaweiwwan.sh '' dump"], protoDir, env)));

            await using var ubusd = new UbusdDouble();
            ubusd.AddInterface("wan");
            env["HUAWEIWWAN_UBUS"] = ubusd.SocketPath;
            const string json = """{"proto":"huaweiwwan","apn":"internet","pincode":"1234","device":"1-1"}""";
            var firstNotify = new List<double>();
            var exit = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var before = ubusd.Calls.Count;
                var sw = Stopwatch.StartNew();
                var process = Start("busybox", ["ash", "./huaweiwwan.sh", "huaweiwwan", "setup", "wan", json], protoDir, env);
                await ubusd.WaitForAsync(c => c.Count > before, TimeSpan.FromSeconds(10));
                firstNotify.Add(sw.Elapsed.TotalMilliseconds);
                await process.WaitForExitAsync();
                exit.Add(sw.Elapsed.TotalMilliseconds);
                if (process.ExitCode != 0) throw new InvalidOperationException($"setup exited {process.ExitCode}");
            }
            Row("setup -> first notify (action 1) via shim", firstNotify);
            Row("setup -> exit via shim", exit);

            var bad = """{"proto":"huaweiwwan","apn":"bad;apn"}""";
            var errorNotify = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var before = ubusd.Calls.Count;
                var sw = Stopwatch.StartNew();
                var process = Start("busybox", ["ash", "./huaweiwwan.sh", "huaweiwwan", "setup", "wan", bad], protoDir, env);
                await ubusd.WaitForAsync(c => c.Count > before, TimeSpan.FromSeconds(10));
                errorNotify.Add(sw.Elapsed.TotalMilliseconds);
                await process.WaitForExitAsync();
            }
            Row("setup (config error) -> first notify (action 3)", errorNotify);
            Row("teardown via shim", await TimeAsync(runs, () => Run("busybox", ["ash", "./huaweiwwan.sh", "huaweiwwan", "teardown", "wan", json], protoDir, env)));
            return 0;
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    private static void Row(string name, List<double> ms)
    {
        ms.Sort();
        Console.Out.WriteLine($"{name,-44} {ms[ms.Count / 2],7:0.0}ms {ms[(int)(ms.Count * 0.9)],7:0.0}ms {ms[0],7:0.0}ms");
    }

    private static async Task<List<double>> TimeAsync(int runs, Func<Task> run)
    {
        await run(); // warm the page cache
        var list = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await run();
            list.Add(sw.Elapsed.TotalMilliseconds);
        }
        return list;
    }

    private static async Task Run(string file, string[] args, string cwd, Dictionary<string, string> env)
    {
        using var p = Start(file, args, cwd, env);
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}");
    }

    private static Process Start(string file, string[] args, string cwd, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        return p;
    }

    internal static string RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WwanProto.sln"))) dir = dir.Parent;
            if (dir is not null) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository");
    }
}
