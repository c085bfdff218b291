using System.Diagnostics;
using System.Threading.Channels;
using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Hotplug;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;
using WwanProto.Tests.Usb;
using Xunit;
using Xunit.Abstractions;

namespace WwanProto.Tests.Session;

/// <summary>
/// Issue 11 defect 5: a modem that leaves and comes back does not wait out the session's backoff. As in the field
/// (E3372h-320): connected, the stick resets and comes back in storage mode. The session's next try would be 30 s
/// away. The sim re-enumerates; the hotplug handler gets the events procd would hand /etc/hotplug.d/usb (the sim's
/// kernel has no USB, so the test raises them when the sim's bus changes), switches the storage stick and, when the
/// modem composition arrives, wakes the session through its FIFO; the session connects at once.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DeviceReturnTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>The wait a session starts after a link loss is half the minimum backoff: 30 s here.</summary>
    private static readonly SessionTuning LongBackoff = SessionRun.Fast with { BackoffMin = TimeSpan.FromSeconds(60), BackoffMax = TimeSpan.FromSeconds(60) };

    private sealed class NoNetifd : IInterfaceNotifier
    {
        public Task SetAvailableAsync(string iface, bool available, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task A_modem_back_from_a_reset_in_storage_mode_is_connected_at_once_not_after_the_backoff()
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions()).WaitAsync(Bound);
        var log = new List<string>();
        void Log(string line) { lock (log) log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}"); }
        var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath };
        var reporter = new RecordingReporter();
        using var arrivals = DeviceArrivals.Listen(sim.Paths, "wan", Log);
        var session = new ModemSession(options, sim.Paths, reporter, TestConnector.For(sim, options, Log), new DataLinks(), LongBackoff, Log)
        {
            Arrivals = arrivals,
        };
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        await reporter.WaitUpAsync(1, Bound);

        // What the kernel announces, in order: the device left the bus or came back on it (in storage mode: no ports).
        var bus = Channel.CreateUnbounded<(long At, string Profile, bool OnBus)>();
        sim.Reenumerated += () => bus.Writer.TryWrite((Stopwatch.GetTimestamp(), sim.CurrentProfile, UsbTree.Load(sim.Paths).Find(sim.UsbPath) is not null));
        var hotplug = new HotplugHandler(sim.Paths, [new WwanInterface("wan", options.Device, options.UsbMode)], new NoNetifd(),
            new RecordingUsbTransport { OnBulkOut = bytes => sim.AcceptSwitchMessage(bytes) }, SwitchRules.OwnOnly, usbmodeInstalled: false, Log);

        var reset = Stopwatch.GetTimestamp();
        var resetting = sim.ResetAsync(TimeSpan.FromSeconds(2), comeBackAsStorage: true, renumber: true);
        long? back = null, modem = null;
        using (var wait = new CancellationTokenSource(Bound))
        {
            while (modem is null)
            {
                var (at, profile, onBus) = await bus.Reader.ReadAsync(wait.Token);
                Log($"bus: {(onBus ? "on" : "off")} as {profile}");
                if (!onBus) continue;
                back ??= at;
                if (!profile.StartsWith("storage", StringComparison.Ordinal)) modem = at;
                // /etc/hotplug.d/usb/25-huaweiwwan: the usb_device add, as procd passes it.
                var e = new HotplugEvent
                {
                    Subsystem = "usb", Action = "add", DevType = "usb_device",
                    DevPath = $"/devices/platform/ehci-platform/usb1/{sim.UsbPath}",
                };
                Assert.True(await hotplug.HandleAsync(e, wait.Token), string.Join("\n", log));
            }
        }
        await resetting;
        await reporter.WaitUpAsync(2, Bound);
        var up = Stopwatch.GetTimestamp();

        double Seconds(long from) => Stopwatch.GetElapsedTime(from, up).TotalSeconds;
        output.WriteLine($"reset -> link up {Seconds(reset):0.00} s; back on the bus (storage) -> link up {Seconds(back!.Value):0.00} s; "
                         + $"modem composition -> link up {Seconds(modem!.Value):0.00} s (backoff it would have waited: 30 s)");
        lock (log) output.WriteLine(string.Join("\n", log));
        // Generous, only to show the backoff was not waited out.
        Assert.True(Seconds(back.Value) < 15, $"link up {Seconds(back.Value):0.0} s after the modem came back");
        Assert.Equal(1, reporter.LastStatus!.ModemResets);

        await stop.CancelAsync();
        Assert.Null(await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
