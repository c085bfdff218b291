using System.Diagnostics;
using System.Threading.Channels;
using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Hotplug;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;

namespace WwanProto.Bench;

/// <summary>
/// `return`: a connected session whose stick resets and comes back in storage mode, with the next retry 30 s away
/// (issue 11, defect 5). In process against the simulator; the hotplug handler gets the usb_device adds procd would
/// pass (this kernel has no USB), switches the stick and wakes the session. Prints reset -> link up, back on the
/// bus -> link up and modem composition -> link up, with the wake, and once without it (the backoff waited out).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class DeviceReturnBench
{
    private const int Runs = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var tuning = new SessionTuning
        {
            CommandTimeout = TimeSpan.FromSeconds(2), MinBootWait = TimeSpan.FromSeconds(5), PollInterval = TimeSpan.FromMilliseconds(100),
            BackoffMin = TimeSpan.FromSeconds(60), BackoffMax = TimeSpan.FromSeconds(60),
        };
        Console.Out.WriteLine($"e3372h-153 resets, down 2 s, back as storage-1f01; wait after the loss 30 s; {Runs} runs with the wake, 1 without");
        var rows = new List<(string Name, List<double> Reset, List<double> Back, List<double> Modem)> { ("with wake", [], [], []), ("without (before #11.5)", [], [], []) };
        for (var run = 0; run <= Runs; run++)
        {
            var wake = run < Runs;
            var (reset, back, modem) = await OnceAsync(tuning, wake, seed: 70 + run);
            var row = rows[wake ? 0 : 1];
            row.Reset.Add(reset);
            row.Back.Add(back);
            row.Modem.Add(modem);
        }
        Console.Out.WriteLine($"{"to link up (s)",-24} {"from reset",12} {"back on bus",12} {"modem back",12}   (median / max)");
        foreach (var (name, reset, back, modem) in rows)
            Console.Out.WriteLine($"{name,-24} {Cell(reset),12} {Cell(back),12} {Cell(modem),12}");
        return 0;
    }

    private static string Cell(List<double> values)
    {
        values.Sort();
        return $"{values[values.Count / 2]:0.00}/{values[^1]:0.00}";
    }

    private static async Task<(double Reset, double Back, double Modem)> OnceAsync(SessionTuning tuning, bool wake, int seed)
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Seed = seed });
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath };
        var ups = Channel.CreateUnbounded<long>();
        var reporter = new UpReporter(ups.Writer);
        using var arrivals = DeviceArrivals.Listen(sim.Paths, "wan", _ => { });
        var transport = new ProbeBench.SimTransport(sim);
        var connector = new UsbModemConnector(options.Device, options.UsbMode, sim.Paths, new AtPortProbe(sim.Paths.LockDir), null,
            new ModeSwitcher(sim.Paths, transport, SwitchRules.OwnOnly), _ => { });
        var session = new ModemSession(options, sim.Paths, reporter, connector, new DataLinks(), tuning) { Arrivals = wake ? arrivals : null };
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => session.RunAsync(stop.Token));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await ups.Reader.ReadAsync(bound.Token);

        var bus = Channel.CreateUnbounded<(long At, string Profile, bool OnBus)>();
        sim.Reenumerated += () => bus.Writer.TryWrite((Stopwatch.GetTimestamp(), sim.CurrentProfile, UsbTree.Load(sim.Paths).Find(sim.UsbPath) is not null));
        var hotplug = new HotplugHandler(sim.Paths, [new WwanInterface("wan", options.Device, options.UsbMode)], new NoNetifd(), transport,
            SwitchRules.OwnOnly, usbmodeInstalled: false, _ => { });
        var reset = Stopwatch.GetTimestamp();
        var resetting = sim.ResetAsync(TimeSpan.FromSeconds(2), comeBackAsStorage: true, renumber: true);
        long? back = null, modem = null;
        while (modem is null)
        {
            var (at, profile, onBus) = await bus.Reader.ReadAsync(bound.Token);
            if (!onBus) continue;
            back ??= at;
            if (!profile.StartsWith("storage", StringComparison.Ordinal)) modem = at;
            await hotplug.HandleAsync(new HotplugEvent
            {
                Subsystem = "usb", Action = "add", DevType = "usb_device", DevPath = $"/devices/platform/ehci-platform/usb1/{sim.UsbPath}",
            }, bound.Token);
        }
        await resetting;
        var up = await ups.Reader.ReadAsync(bound.Token);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        double Seconds(long from) => Stopwatch.GetElapsedTime(from, up).TotalSeconds;
        return (Seconds(reset), Seconds(back!.Value), Seconds(modem.Value));
    }

    private sealed class NoNetifd : IInterfaceNotifier
    {
        public Task SetAvailableAsync(string iface, bool available, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class UpReporter(ChannelWriter<long> ups) : ILinkReporter
    {
        public Task LinkUpAsync(LinkUp link, CancellationToken cancellationToken)
        {
            ups.TryWrite(Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        }

        public Task LinkDownAsync(string reason, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task ErrorAsync(SessionError error, CancellationToken cancellationToken) => Task.CompletedTask;
        public void StatusChanged(ModemStatus status) { }
    }
}
