using System.Diagnostics;
using WwanProto.ModemSim;

namespace WwanProto.Bench;

/// <summary>
/// `huaweiwwan up` (the AOT binary) over QMI on the simulated E392 beside NCM on the simulated E3372h-153, both with
/// no registration or call-setup delay: time to a configured interface and from a network drop to reconnected.
/// The difference is the protocol: QMUX transactions (client ids, WDS start, current settings) against AT round trips.
/// </summary>
public static class QmiBench
{
    private const int Runs = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var bin = Environment.GetEnvironmentVariable("HUAWEIWWAN_BIN") ?? Path.GetFullPath("out/publish/linux-x64/huaweiwwan");
        if (!File.Exists(bin))
        {
            Console.Error.WriteLine($"qmi: {bin} is missing; run `make publish` (make bench does)");
            return 1;
        }
        var rows = new List<(string Name, List<double> Values)>();
        foreach (var (profile, link) in new[] { ("e3372h-153", "ncm"), ("e392", "qmi") })
        {
            var up = new List<double>();
            var reconnect = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                await using var env = await UpProcessRig.StartAsync(bin, ns => new SimOptions
                {
                    Profile = profile, NetDev = "wwan0", CreateVeth = true, HostNetNs = ns,
                    RegistrationDelay = TimeSpan.Zero, NdisConnectDelay = TimeSpan.Zero,
                });
                var started = Stopwatch.GetTimestamp();
                env.StartUp();
                await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null }, TimeSpan.FromSeconds(60));
                up.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                var before = env.Status()!.Modem.Reconnects;
                var dropped = Stopwatch.GetTimestamp();
                env.Sim.DropNetwork(36);
                await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null, Modem.ConnectedSince: not null } && st.Modem.Reconnects > before, TimeSpan.FromSeconds(60));
                reconnect.Add(Stopwatch.GetElapsedTime(dropped).TotalMilliseconds);
                await env.StopAsync();
            }
            rows.Add(($"{link} ({profile}): up -> interface configured (ms)", up));
            rows.Add(($"{link} ({profile}): drop -> reconnected and configured (ms)", reconnect));
        }

        Console.Out.WriteLine($"binary: {bin} ({new FileInfo(bin).Length / 1024} KiB); modems: simulated, no registration/call delay; {Runs} runs each");
        Console.Out.WriteLine($"{"measure",-56} {"min",10} {"median",10} {"max",10}");
        foreach (var (name, values) in rows)
        {
            var sorted = values.Order().ToArray();
            Console.Out.WriteLine($"{name,-56} {sorted[0],10:0} {sorted[sorted.Length / 2],10:0} {sorted[^1],10:0}");
        }
        Console.Out.WriteLine("both reconnects include the session's 0.5 s backoff after a loss; QMI's loss is seen from the WDS Packet Service Status indication.");
        return 0;
    }
}
