using System.Diagnostics;
using WwanProto.ModemSim;
using WwanProto.Tests.Ubus;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// Several simulated NCM sticks on one router: one sysfs tree, /dev and lock dir shared by all (stick i on USB
/// port 1-(i+1), with its own ttyUSB range and netdev wwan i, as the kernel numbers them behind a hub), one
/// ubusd double serving interface wan i for stick i, one netifd harness (one state dir for every session).
/// Interfaces are brought up as netifd does: setup through the shim, then the proto task from its action 1.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ModemFleet : IAsyncDisposable
{
    private readonly string _root;
    private readonly Dictionary<int, NetifdProtoTask> _tasks = [];

    public UbusdDouble Ubusd { get; }
    public NetifdHarness Netifd { get; }
    public IReadOnlyList<SimulatedModem> Modems { get; }

    /// <summary>The shared roots (sysfs, /dev, lock dir) every handler run is pointed at.</summary>
    public Dictionary<string, string> Environment { get; }

    private ModemFleet(string root, UbusdDouble ubusd, NetifdHarness netifd, IReadOnlyList<SimulatedModem> modems)
    {
        _root = root;
        Ubusd = ubusd;
        Netifd = netifd;
        Modems = modems;
        Environment = new Dictionary<string, string>
        {
            ["HUAWEIWWAN_SYSFS"] = modems[0].Paths.SysRoot,
            ["HUAWEIWWAN_DEVROOT"] = modems[0].Paths.DevRoot,
            ["HUAWEIWWAN_LOCKDIR"] = modems[0].Paths.LockDir,
        };
    }

    public static string Interface(int i) => $"wan{i}";

    /// <summary><paramref name="count"/> healthy sticks answering at once (no registration or dial delay).</summary>
    public static async Task<ModemFleet> StartAsync(int count, TimeSpan bound)
    {
        var root = Directory.CreateTempSubdirectory("modem-fleet-").FullName;
        var ubusd = new UbusdDouble();
        var modems = new List<SimulatedModem>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                ubusd.AddInterface(Interface(i));
                modems.Add(await SimulatedModem.StartAsync(new SimOptions
                {
                    Profile = "e3372h-153", Root = root, UsbPath = $"1-{i + 1}", PortBase = 10 * i, NetDev = $"wwan{i}",
                    Seed = i + 1, RegistrationDelay = TimeSpan.Zero, NdisConnectDelay = TimeSpan.Zero,
                }).WaitAsync(bound));
            }
            return new ModemFleet(root, ubusd, new NetifdHarness(ubusd), modems);
        }
        catch
        {
            foreach (var m in modems) await m.DisposeAsync();
            await ubusd.DisposeAsync();
            Directory.Delete(root, true);
            throw;
        }
    }

    /// <summary>`setup` for interface <paramref name="i"/> with <paramref name="device"/> (default: its own stick's USB port), then its proto task.</summary>
    public async Task<NetifdProtoTask> BringUpAsync(int i, string? device = null)
    {
        var iface = Interface(i);
        var setup = await Netifd.ActionAsync("setup", iface,
            $$"""{"proto":"huaweiwwan","apn":"internet","device":"{{device ?? Modems[i].UsbPath}}"}""", Environment);
        if (setup.Exit != 0) throw new InvalidOperationException($"setup {iface} exited {setup.Exit}: {setup.Stderr}");
        var task = NetifdProtoTask.Start(Netifd, Ubusd.Notifications(iface).Single(c => c.Action == 1));
        lock (_tasks) _tasks[i] = task;
        return task;
    }

    /// <summary>Waits for interface <paramref name="i"/>'s link-up notify (action 0, link-up true) and returns it.</summary>
    public async Task<RecordedCall> WaitOnlineAsync(int i, TimeSpan bound)
    {
        var calls = await Ubusd.WaitForAsync(c => c.Any(x => IsLinkUp(x, i)), bound);
        return calls.First(x => IsLinkUp(x, i));
    }

    private static bool IsLinkUp(RecordedCall c, int i) =>
        c.Object == $"network.interface.{Interface(i)}" && c.Method == "notify_proto" && c.Action == 0
        && c.Root.TryGetProperty("link-up", out var up) && up.GetBoolean();

    /// <summary>
    /// Brings up every interface at once (as netifd does at boot) and returns each one's time from its setup to its
    /// link-up notify.
    /// </summary>
    public async Task<TimeSpan[]> BringAllUpAsync(TimeSpan bound) =>
        await System.Threading.Tasks.Task.WhenAll(Modems.Select((_, i) => System.Threading.Tasks.Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            await BringUpAsync(i);
            await WaitOnlineAsync(i, bound);
            return Stopwatch.GetElapsedTime(started);
        })));

    /// <summary>netifd's teardown of interface <paramref name="i"/>: the shim's teardown, then SIGTERM to the task; its exit code.</summary>
    public async Task<int> TearDownAsync(int i, TimeSpan bound)
    {
        Ubusd.SetTearingDown(Interface(i), true);
        var teardown = await Netifd.ActionAsync("teardown", Interface(i), """{"proto":"huaweiwwan"}""", Environment);
        if (teardown.Exit != 0) throw new InvalidOperationException($"teardown {Interface(i)} exited {teardown.Exit}: {teardown.Stderr}");
        var task = Task(i);
        task.Terminate();
        return await task.ExitAsync(bound);
    }

    /// <summary>Interface <paramref name="i"/>'s proto task.</summary>
    public NetifdProtoTask Task(int i)
    {
        lock (_tasks) return _tasks[i];
    }

    private List<NetifdProtoTask> Tasks()
    {
        lock (_tasks) return _tasks.Values.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var t in Tasks())
        {
            t.Terminate();
            await t.DisposeAsync();
        }
        foreach (var m in Modems) await m.DisposeAsync();
        Netifd.Dispose();
        await Ubusd.DisposeAsync();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
