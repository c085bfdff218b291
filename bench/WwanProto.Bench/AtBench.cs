using System.Diagnostics;
using WwanProto.Core.At;
using WwanProto.Core.Native;
using WwanProto.Core.Usb;
using WwanProto.ModemSim;

namespace WwanProto.Bench;

/// <summary>
/// `wwan-bench at` (AT_BENCH_N=commands per row, default 500): AT round-trip latency through AtChannel (against a bare pty responder, which is the
/// engine's own cost, and against the simulator with and without faults), and PortProber wall time per profile.
/// </summary>
public static class AtBench
{
    private static readonly string[] Profiles = ["e3372h-153", "e3372h-320", "e3131", "e367", "phone-acm"];

    public static async Task<int> Run(string[] args)
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("AT_BENCH_N"), out var parsed) && parsed > 0 ? parsed : 500;

        Console.Out.WriteLine($"AT round trip, {n} commands each (ms)      median     p95     max");
        await BarePty(n);
        foreach (var (profile, port) in new[] { ("e3372h-153", "ttyUSB0"), ("e3372h-320", "ttyUSB2") })
        {
            await Sim(profile, port, "AT", n, new SimFaults());
            await Sim(profile, port, "AT+CSQ", n, new SimFaults());
            await Sim(profile, port, "AT+CSQ", n, new SimFaults { SplitReads = true, InterleaveUrcs = true, GlueUrcToOk = true });
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine("PortProber (AT + ATI on every non-diag port, in parallel; budget 1.5 s; 5 runs, median ms)");
        Console.Out.WriteLine($"  {"profile",-12} {"ports",5} {"clean",8} {"faults",8} {"+diag",8} {"+4 mute",8}");
        foreach (var profile in Profiles) await Probe(profile);
        return 0;
    }

    private static async Task BarePty(int n)
    {
        using var pty = Pty.Open();
        using var stop = new CancellationTokenSource();
        var responder = Task.Run(() => Respond(pty, stop.Token));
        await using (var ch = AtChannel.Open(pty.SlavePath))
            Print("bare pty responder, AT", await Measure(ch, "AT", n));
        stop.Cancel();
        await responder;
    }

    /// <summary>Answers every CR-terminated command with OK at once: the engine's cost without a modem's.</summary>
    private static void Respond(Pty pty, CancellationToken ct)
    {
        var buf = new byte[256];
        var ok = "\r\nOK\r\n"u8.ToArray();
        while (!ct.IsCancellationRequested)
        {
            if ((pty.Master.Poll(0x1, 50) & 0x1) == 0) continue;
            int got;
            try { got = pty.Master.Read(buf); }
            catch (IOException) { return; }
            for (var k = 0; k < got; k++)
                if (buf[k] == '\r') pty.Master.WriteAll(ok);
        }
    }

    private static async Task Sim(string profile, string port, string command, int n, SimFaults faults)
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, Faults = faults });
        await using var ch = AtChannel.Open(modem.Paths.Dev(port));
        var label = $"sim {profile} {port}, {command}{(faults.SplitReads ? " +faults" : "")}";
        Print(label, await Measure(ch, command, n));
    }

    private static async Task<double[]> Measure(AtChannel ch, string command, int n)
    {
        for (var w = 0; w < 20; w++) await ch.SendAsync(command, TimeSpan.FromSeconds(5));
        var samples = new double[n];
        for (var k = 0; k < n; k++)
        {
            var start = Stopwatch.GetTimestamp();
            var r = await ch.SendAsync(command, TimeSpan.FromSeconds(5));
            samples[k] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (r.Final == AtFinal.Timeout) throw new InvalidOperationException($"{command} timed out on {ch.Path}");
        }
        Array.Sort(samples);
        return samples;
    }

    private static void Print(string label, double[] sorted) =>
        Console.Out.WriteLine($"  {label,-40} {Pct(sorted, 0.5),7:F3} {Pct(sorted, 0.95),7:F3} {sorted[^1],7:F3}");

    private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static async Task Probe(string profile)
    {
        var options = new PortProbeOptions { AnswerBudget = TimeSpan.FromSeconds(1.5) };
        double clean = 0, faulty = 0, withDiag = 0, withMute = 0;
        var ports = 0;
        foreach (var variant in new[] { "clean", "faults", "diag", "mute" })
        {
            var faults = variant == "clean" ? new SimFaults() : new SimFaults { SplitReads = true, InterleaveUrcs = true, GlueUrcToOk = true };
            await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, Faults = faults });
            var device = UsbTree.Load(modem.Paths).Find(modem.UsbPath)!;
            var candidates = device.Ports
                .Where(p => p.Kind != PortKind.Net && p.Role is not (PortRole.Diag or PortRole.Gps or PortRole.CdcWdmQmi or PortRole.CdcWdmMbim))
                .Select(p => modem.Paths.Dev(p.Name)).ToList();
            var diag = device.Ports.Where(p => p.Role == PortRole.Diag).Select(p => modem.Paths.Dev(p.Name)).ToList();
            ports = candidates.Count;
            var mutes = new List<Pty>();
            if (variant == "diag") candidates.AddRange(diag);
            if (variant == "mute")
                for (var k = 0; k < 4; k++) { var m = Pty.Open(); mutes.Add(m); candidates.Add(m.SlavePath); }
            var times = new List<double>();
            var runs = variant is "diag" or "mute" ? 3 : 5;
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var results = await PortProber.ProbeAsync(candidates, options);
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (results.Take(ports).Any(r => !r.Answered)) throw new InvalidOperationException($"{profile}: a port did not answer");
            }
            foreach (var m in mutes) m.Dispose();
            times.Sort();
            var median = times[times.Count / 2];
            switch (variant)
            {
                case "clean": clean = median; break;
                case "faults": faulty = median; break;
                case "diag": withDiag = diag.Count == 0 ? double.NaN : median; break;
                default: withMute = median; break;
            }
        }
        Console.Out.WriteLine($"  {profile,-12} {ports,5} {clean,8:F1} {faulty,8:F1} {(double.IsNaN(withDiag) ? "-" : withDiag.ToString("F1")),8} {withMute,8:F1}");
    }
}
