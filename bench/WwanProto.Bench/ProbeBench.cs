using System.Diagnostics;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;

namespace WwanProto.Bench;

/// <summary>
/// `wwan-bench probe`: time to find the ports of each simulator profile (tree load, parallel AT probe,
/// ^GETPORTMODE where needed) and to read its identity, clean and with split reads + URC interleaving;
/// and the storage -> modem switch through the simulator.
/// </summary>
public static class ProbeBench
{
    private static readonly string[] Profiles = ["e3372h-153", "e3372h-320", "e3131", "e367", "gateway-1001", "phone-acm"];
    private const int Runs = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        Console.Out.WriteLine($"{"profile",-14} {"faults",-10} {"control",-9} {"select ms (min/med/max)",-26} {"select+identity ms (med)",-24}");
        foreach (var profile in Profiles)
        {
            foreach (var noisy in new[] { false, true })
            {
                var select = new List<double>();
                var total = new List<double>();
                string? control = null;
                for (var run = 0; run < Runs; run++)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await using var sim = await SimulatedModem.StartAsync(new SimOptions
                    {
                        Profile = profile, Seed = run + 1,
                        Faults = new SimFaults { SplitReads = noisy, InterleaveUrcs = noisy },
                    }, cts.Token);
                    var probe = new AtPortProbe(sim.Paths.LockDir);
                    var sw = Stopwatch.StartNew();
                    var device = UsbTree.Load(sim.Paths).Devices.Single();
                    var selection = await PortSelector.SelectAsync(device, sim.Paths, probe, cancellationToken: cts.Token);
                    select.Add(sw.Elapsed.TotalMilliseconds);
                    control = selection.Control;
                    if (selection.ControlPath(sim.Paths) is { } path)
                        await ModemProbe.AtIdentity(probe, TimeSpan.FromSeconds(3), cts.Token)(path);
                    total.Add(sw.Elapsed.TotalMilliseconds);
                }
                select.Sort();
                total.Sort();
                Console.Out.WriteLine($"{profile,-14} {(noisy ? "split+urc" : "none"),-10} {control ?? "-",-9} " +
                    $"{$"{select[0]:0.0} / {select[Runs / 2]:0.0} / {select[^1]:0.0}",-26} {total[Runs / 2]:0.0}");
            }
        }

        var switchTimes = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "storage-1f01", Seed = run + 1 }, cts.Token);
            var transport = new SimTransport(sim);
            var sw = Stopwatch.StartNew();
            var result = await new ModeSwitcher(sim.Paths, transport, SwitchRules.OwnOnly)
                .SwitchAsync(UsbTree.Load(sim.Paths).Devices.Single(), UsbModePreference.Stick, cts.Token);
            if (result.Outcome != ModeSwitchOutcome.Switched) { Console.Error.WriteLine(result.Message); return 1; }
            switchTimes.Add(sw.Elapsed.TotalMilliseconds);
        }
        switchTimes.Sort();
        Console.Out.WriteLine($"switch 1f01 -> 155e (sim re-enumerates after SwitchDelay 300 ms): min {switchTimes[0]:0} / med {switchTimes[Runs / 2]:0} / max {switchTimes[^1]:0} ms");
        return 0;
    }

    /// <summary>Hands the bulk OUT to the simulator, which re-enumerates.</summary>
    internal sealed class SimTransport(SimulatedModem sim) : IUsbTransport, IUsbDeviceHandle
    {
        public IUsbDeviceHandle Open(string usbfsPath) => this;
        public void DetachKernelDriver(int interfaceNumber) { }
        public void ClaimInterface(int interfaceNumber) { }
        public int BulkOut(int endpoint, ReadOnlySpan<byte> data, TimeSpan timeout) => sim.AcceptSwitchMessage(data) ? data.Length : 0;
        public int BulkIn(int endpoint, Span<byte> buffer, TimeSpan timeout) => 0;
        public void ReleaseInterface(int interfaceNumber) { }
        /// <summary>USBDEVFS_RESET: the simulated device power-cycles (off the bus, then back).</summary>
        public void Reset() => _ = sim.ResetAsync(TimeSpan.FromMilliseconds(500));
        public void Dispose() { }
    }
}
