using System.Diagnostics;
using System.Globalization;
using WwanProto.Core;
using WwanProto.Core.Standalone;
using WwanProto.ModemSim;

namespace WwanProto.Bench;

/// <summary>
/// One simulator + a namespace of its own + the AOT `huaweiwwan up` process in it, for the standalone benches;
/// everything removed on dispose. The status file is what the benches watch.
/// </summary>
internal sealed class UpProcessRig : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir = Directory.CreateTempSubdirectory("wwan-bench-").FullName;
    private Process? _up;
    private int _connects;

    private UpProcessRig(string bin) => _bin = bin;

    /// <summary>The namespace `up` runs in (the simulator may put its veth end there).</summary>
    public string Namespace { get; } = $"wwbench-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    public SimulatedModem Sim { get; private set; } = null!;

    /// <summary>How many times `up` logged "connected" (first connect and every redial).</summary>
    public int Connects => Volatile.Read(ref _connects);

    private SystemPaths Paths => new(Sim.Paths.SysRoot, Sim.Paths.DevRoot, Path.Combine(_dir, "state"), Sim.Paths.LockDir);

    /// <param name="sim">The simulator's options, given the namespace name.</param>
    public static async Task<UpProcessRig> StartAsync(string bin, Func<string, SimOptions> sim)
    {
        var rig = new UpProcessRig(bin);
        Exec("ip", "netns", "add", rig.Namespace);
        rig.Sim = await SimulatedModem.StartAsync(sim(rig.Namespace));
        File.WriteAllText(Path.Combine(rig._dir, "network"),
            $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{rig.Sim.UsbPath}'\n\toption apn 'internet'\n");
        return rig;
    }

    /// <summary>Starts `up`, with the simulator's roots and <paramref name="environment"/> on top.</summary>
    public void StartUp(IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true };
        foreach (var a in (string[])["netns", "exec", Namespace, _bin, "up", "--config", Path.Combine(_dir, "network"), "--resolv", Path.Combine(_dir, "resolv")])
            start.ArgumentList.Add(a);
        start.Environment["HUAWEIWWAN_SYSFS"] = Paths.SysRoot;
        start.Environment["HUAWEIWWAN_DEVROOT"] = Paths.DevRoot;
        start.Environment["HUAWEIWWAN_LOCKDIR"] = Paths.LockDir;
        start.Environment["HUAWEIWWAN_STATEDIR"] = Paths.StateDir;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        _up = Process.Start(start)!;
        _up.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("wan: connected: ", StringComparison.Ordinal) == true) Interlocked.Increment(ref _connects);
        };
        _up.BeginErrorReadLine();
    }

    public StandaloneStatus? Status() => StatusFile.Read(StatusFile.PathFor(Paths, "wan"));

    public async Task WaitAsync(Func<StandaloneStatus?, bool> condition, TimeSpan bound)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (!condition(Status()))
        {
            if (_up!.HasExited) throw new InvalidOperationException($"up exited with {_up.ExitCode}");
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("bench: condition not reached");
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

    /// <summary>The `up` process (`ip netns exec` execs it in place, so this is huaweiwwan itself).</summary>
    public int Pid => _up!.Id;

    public long RssKb() => ProcessFigures.Of(Pid)?.RssKb ?? 0;

    /// <summary>SIGTERM to `up`; the time until it has exited (NaN when it was not running).</summary>
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
        Exec("ip", "netns", "del", Namespace);
        Directory.Delete(_dir, recursive: true);
    }

    private static void Exec(params string[] argv)
    {
        using var p = Process.Start(argv[0], argv[1..])!;
        p.WaitForExit(10000);
    }
}
