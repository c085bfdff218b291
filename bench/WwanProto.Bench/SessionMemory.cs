using System.Diagnostics;
using System.Globalization;
using WwanProto.Core.Ubus;
using WwanProto.ModemSim;
using WwanProto.Tests.Netifd;
using WwanProto.Tests.Ubus;

namespace WwanProto.Bench;

/// <summary>What /proc/PID/status says about a process's memory: resident (anonymous and file-backed parts) and threads.</summary>
internal readonly record struct MemoryFigures(long RssKb, long AnonKb, long FileKb, int Threads, long CpuMs)
{
    public static MemoryFigures Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime + stime, in USER_HZ (100 a second on Linux) clock ticks
        var cpuMs = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10;
        long rss = 0, anon = 0, file = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var value = line[(colon + 1)..].Trim().Split(' ')[0];
            switch (line[..colon])
            {
                case "VmRSS": rss = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "RssAnon": anon = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "RssFile": file = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "Threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
            }
        }
        return new MemoryFigures(rss, anon, file, threads, cpuMs);
    }

    /// <summary>
    /// The process's mappings with the most resident KiB, from /proc/PID/smaps: "2,048 rw-p anon 2,052" (resident,
    /// permissions, what is mapped, mapping size). Where the RSS goes: the binary's code and read-only data
    /// (file-backed, clean), its data and bss (the runtime's rehydrated type data), the GC's regions, thread stacks.
    /// </summary>
    public static IEnumerable<string> LargestMappings(int pid, int top)
    {
        var rows = new List<(long Rss, string Text)>();
        string? header = null;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-', StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 5 } f)
            {
                var range = f[0].Split('-');
                var sizeKb = (Convert.ToInt64(range[1], 16) - Convert.ToInt64(range[0], 16)) / 1024;
                header = $"{f[1]} {(f.Length > 5 ? Path.GetFileName(f[5]) : "anon")} {sizeKb:N0}";
            }
            else if (header is not null && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                rows.Add((long.Parse(line[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture), header));
                header = null;
            }
        }
        return rows.OrderByDescending(r => r.Rss).Take(top).Select(r => $"{r.Rss,6:N0} {r.Text}");
    }

    /// <summary>The median of each column on its own.</summary>
    public static MemoryFigures Median(IReadOnlyList<MemoryFigures> runs)
    {
        static T Mid<T>(IEnumerable<T> values) => values.Order().ElementAt(values.Count() / 2);
        return new MemoryFigures(Mid(runs.Select(f => f.RssKb)), Mid(runs.Select(f => f.AnonKb)), Mid(runs.Select(f => f.FileKb)), Mid(runs.Select(f => f.Threads)), Mid(runs.Select(f => f.CpuMs)));
    }

    /// <summary>"RSS anon file" in KiB, threads, CPU used so far (ms), in the bench's column layout.</summary>
    public string Row => $"{RssKb,8:N0} {AnonKb,8:N0} {FileKb,8:N0} {Threads,4} {CpuMs,5}";

    public const string Header = "     RSS     anon     file thr   CPU";

    /// <summary>The names of the process's threads, counted ("at:ttyUSB2, .NET TP Worker x2, ...").</summary>
    public static string ThreadNames(int pid) => string.Join(", ", Directory.GetDirectories($"/proc/{pid}/task")
        .Select(t => File.ReadAllText(Path.Combine(t, "comm")).Trim())
        .GroupBy(n => n, StringComparer.Ordinal)
        .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}"));
}

/// <summary>
/// One netifd session (setup through the shim, the proto task from action 1) connected to a simulated E3372h-153,
/// with extra environment for the task (e.g. DOTNET_GC* settings the runtime reads at start), and a ubus client
/// that asks its status the way LuCI does. Used by `footprint` and `memory`.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SessionMemory : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly UbusdDouble _ubusd;
    private readonly NetifdHarness _netifd;
    private readonly SimulatedModem _sim;
    private readonly NetifdProtoTask _task;
    private UbusConnection? _luci;

    private SessionMemory(UbusdDouble ubusd, NetifdHarness netifd, SimulatedModem sim, NetifdProtoTask task, UbusConnection? luci)
    {
        _ubusd = ubusd;
        _netifd = netifd;
        _sim = sim;
        _task = task;
        _luci = luci;
    }

    public int Pid => _task.Pid;

    public MemoryFigures Figures => MemoryFigures.Of(_task.Pid);

    /// <summary>Starts <paramref name="bin"/>'s session and returns once its status says connected and a second has passed.</summary>
    public static async Task<SessionMemory> ConnectAsync(string bin, IReadOnlyDictionary<string, string> taskEnv)
    {
        Environment.SetEnvironmentVariable("HUAWEIWWAN_TEST_BIN", bin);
        var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        var netifd = new NetifdHarness(ubusd);
        var sim = await SimulatedModem.StartAsync(new SimOptions
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
        var task = NetifdProtoTask.Start(netifd, ubusd.Notifications("wan").Single(), taskEnv);
        var session = new SessionMemory(ubusd, netifd, sim, task, null);
        try
        {
            await ubusd.WaitForAsync(c => c.Any(x => x.Action == 0), Bound);
            session._luci = await UbusConnection.ConnectAsync(ubusd.SocketPath);
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * (long)Bound.TotalSeconds;
            while (!(await session.StatusAsync()).Contains("\"connected\"", StringComparison.Ordinal))
            {
                if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("memory: the session did not reach 'connected'");
                await Task.Delay(20);
            }
            await Task.Delay(1000); // let the connect path's garbage be collected as it would be
            return session;
        }
        catch (Exception e)
        {
            var stderr = task.StderrSoFar;
            await session.DisposeAsync();
            throw new InvalidOperationException($"{e.Message.Split('\n')[0]}; the session wrote: {stderr.Trim()}", e);
        }
    }

    public async Task<string> StatusAsync() =>
        (await _luci!.CallAsync("huaweiwwan.wan", "status", BlobmsgJson.FromJson("{}"))).ToJson();

    public async Task QueryAsync(int count)
    {
        for (var i = 0; i < count; i++) await StatusAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _task.Terminate();
        if (!_task.HasExited) await _task.ExitAsync(Bound);
        await _task.DisposeAsync();
        if (_luci is not null) await _luci.DisposeAsync();
        await _sim.DisposeAsync();
        _netifd.Dispose();
        await _ubusd.DisposeAsync();
    }
}
