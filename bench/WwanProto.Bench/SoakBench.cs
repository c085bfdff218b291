using System.Diagnostics;
using System.Globalization;
using System.Text;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Cli;
using WwanProto.Tests.Netifd;
using WwanProto.Tests.Ubus;

namespace WwanProto.Bench;

/// <summary>
/// `soak`: many cycles against the simulator, printing what a leak shows up in every 100 cycles.
/// (a) one standalone `up` process: connected → the simulator's control line "drop 36" → reconnected;
/// fds, threads and RSS of that one long-lived process. (b) ifup/ifdown as netifd runs them: setup through
/// the shim, the proto task (`huaweiwwan session`) from action 1 until link-up, teardown through the shim,
/// SIGTERM; fds, threads and RSS of that cycle's session at link-up, and what each teardown left behind
/// (state and lock files, a call still up). WWAN_SOAK_CYCLES (default 1000) shortens it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class SoakBench
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var bin = Environment.GetEnvironmentVariable("HUAWEIWWAN_BIN") ?? Path.GetFullPath("out/publish/linux-x64/huaweiwwan");
        if (!File.Exists(bin))
        {
            Console.Error.WriteLine($"soak: {bin} is missing; run `make publish` (make bench does)");
            return 1;
        }
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("WWAN_SOAK_CYCLES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1000;
        Console.Out.WriteLine($"binary: {bin} ({new FileInfo(bin).Length / 1024} KiB); modem: simulated e3372h-153, no registration/call delay; {cycles} cycles each");
        var rc = await StandaloneAsync(bin, cycles);
        Console.Out.WriteLine();
        rc |= await NetifdAsync(bin, cycles);
        return rc;
    }

    /// <summary>(a): one `up`, <paramref name="cycles"/> drops through the control FIFO, each waited out to the next connect.</summary>
    private static async Task<int> StandaloneAsync(string bin, int cycles)
    {
        await using var rig = await UpProcessRig.StartAsync(bin, ns => new SimOptions
        {
            Profile = "e3372h-153", NetDev = "wwan0", CreateVeth = true, HostNetNs = ns,
            RegistrationDelay = TimeSpan.Zero, NdisConnectDelay = TimeSpan.Zero,
        });
        var fifo = Path.Combine(rig.Sim.Root, "control");
        using var control = new ControlFifo(fifo, rig.Sim, () => { });
        rig.StartUp();
        await rig.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null }, Bound);

        Console.Out.WriteLine("(a) standalone `up`: connected -> control line \"drop 36\" -> reconnected; the one `up` process, sampled connected");
        var table = new SoakTable("cycle", "up fds", "up threads", "up RSS KiB", "ms/cycle");
        table.Row(0, ProcessFigures.Of(rig.Pid), double.NaN);
        var fdsAtStart = ProcessFigures.FdTargets(rig.Pid);
        var window = Stopwatch.StartNew();
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            var before = rig.Status()!.Modem.Reconnects;
            await using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                await writer.WriteAsync("drop 36\n"u8.ToArray());
            // ConnectedSince too: the loss bumps the count a moment before the state leaves "connected".
            await rig.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null, Modem.ConnectedSince: not null } && st.Modem.Reconnects > before, Bound);
            if (cycle % 100 == 0 || cycle == cycles)
            {
                table.Row(cycle, ProcessFigures.Of(rig.Pid), window.Elapsed.TotalMilliseconds / (cycle % 100 == 0 ? 100 : cycle % 100));
                window.Restart();
            }
        }
        table.Growth();
        Console.Out.WriteLine($"fds of `up` that changed: {ProcessFigures.FdDelta(fdsAtStart, ProcessFigures.FdTargets(rig.Pid))}");
        Console.Out.WriteLine($"reconnects counted by `up`: {rig.Status()!.Modem.Reconnects}; each includes the session's first backoff (0.5 s) after a loss");
        return 0;
    }

    /// <summary>(b): <paramref name="cycles"/> × (setup → link-up → teardown → SIGTERM → exit) through the shim, as netifd drives it.</summary>
    private static async Task<int> NetifdAsync(string bin, int cycles)
    {
        Environment.SetEnvironmentVariable("HUAWEIWWAN_TEST_BIN", bin);
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { RegistrationDelay = TimeSpan.Zero, NdisConnectDelay = TimeSpan.Zero });
        var env = new Dictionary<string, string>
        {
            ["HUAWEIWWAN_SYSFS"] = sim.Paths.SysRoot,
            ["HUAWEIWWAN_DEVROOT"] = sim.Paths.DevRoot,
            ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir,
        };
        const string json = """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""";

        Console.Out.WriteLine("(b) netifd ifup/ifdown: shim setup -> proto task `session` -> link-up -> shim teardown -> SIGTERM -> exit 0");
        Console.Out.WriteLine("    figures of that cycle's session at link-up; 'left' = files in the state and lock dirs after the task exited");
        var table = new SoakTable("cycle", "session fds", "session threads", "session RSS KiB", "ms/cycle", "left", "bench fds");
        var window = Stopwatch.StartNew();
        var exits = new Dictionary<int, int>();
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            ubusd.SetTearingDown("wan", false);
            var seen = ubusd.Notifications("wan").Count;
            var setup = await netifd.ActionAsync("setup", "wan", json, env);
            if (setup.Exit != 0) throw new InvalidOperationException($"cycle {cycle}: setup exited {setup.Exit}: {setup.Stderr}");
            var start = ubusd.Notifications("wan").Skip(seen).Single(c => c.Action == 1);
            ProcessFigures? figures;
            await using (var task = NetifdProtoTask.Start(netifd, start))
            {
                await ubusd.WaitForAsync(calls => calls.Where(c => c.Object == "network.interface.wan" && c.Method == "notify_proto")
                    .Skip(seen).Any(c => c.Action == 0 && c.Root.TryGetProperty("link-up", out var up) && up.GetBoolean()), Bound);
                figures = ProcessFigures.Of(task.Pid);
                ubusd.SetTearingDown("wan", true);
                var teardown = await netifd.ActionAsync("teardown", "wan", json, env);
                if (teardown.Exit != 0) throw new InvalidOperationException($"cycle {cycle}: teardown exited {teardown.Exit}: {teardown.Stderr}");
                task.Terminate();
                var exit = await task.ExitAsync(Bound);
                exits[exit] = exits.GetValueOrDefault(exit) + 1;
            }
            if (cycle % 100 == 0 || cycle == cycles)
            {
                var left = Directory.GetFileSystemEntries(netifd.StateDir).Length + Directory.GetFileSystemEntries(sim.Paths.LockDir).Length;
                table.Row(cycle, figures, window.Elapsed.TotalMilliseconds / (cycle % 100 == 0 ? 100 : cycle % 100), left, ProcessFigures.Of(Environment.ProcessId)?.Fds ?? 0);
                window.Restart();
            }
        }
        table.Growth();
        Console.Out.WriteLine($"proto task exit codes: {string.Join(", ", exits.Select(e => $"{e.Key} x{e.Value}"))}; modem call at the end: {sim.NdisState}");
        Console.Out.WriteLine($"state dir after the last teardown: [{string.Join(' ', Directory.GetFileSystemEntries(netifd.StateDir).Select(Path.GetFileName))}]");
        return exits.Keys.Any(k => k != 0) ? 1 : 0;
    }

    /// <summary>The printed table: a row every 100 cycles, then the growth from the first sampled row to the last.</summary>
    private sealed class SoakTable(params string[] columns)
    {
        private ProcessFigures? _first;
        private ProcessFigures? _last;

        private bool _header;

        public void Row(int cycle, ProcessFigures? figures, double msPerCycle, params long[] extra)
        {
            if (!_header)
            {
                Console.Out.WriteLine(string.Concat(columns.Select(c => $"{c,16}")));
                _header = true;
            }
            var line = new StringBuilder($"{cycle,16}");
            line.Append(figures is { } f ? $"{f.Fds,16}{f.Threads,16}{f.RssKb,16}" : $"{"gone",16}{"",16}{"",16}");
            line.Append(double.IsNaN(msPerCycle) ? $"{"",16}" : $"{msPerCycle,16:0}");
            foreach (var e in extra) line.Append($"{e,16}");
            Console.Out.WriteLine(line);
            _first ??= figures;
            _last = figures;
        }

        public void Growth()
        {
            if (_first is not { } a || _last is not { } b) return;
            Console.Out.WriteLine($"first -> last sample: fds {b.Fds - a.Fds:+0;-0;0}, threads {b.Threads - a.Threads:+0;-0;0}, RSS {b.RssKb - a.RssKb:+0;-0;0} KiB");
        }
    }
}
