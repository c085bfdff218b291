using System.Diagnostics;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Pppd;

namespace WwanProto.Bench;

/// <summary>
/// `huaweiwwan up` over PPP (the AOT binary) with pppd being the stand-in (fake-pppd: no kernel PPP here), per PPP
/// profile, in a namespace of its own: up -> ppp-wan configured, network drop (NO CARRIER) -> redialled and configured,
/// SIGTERM -> exited (pppd stopped, ppp-wan gone). The stand-in and the chat are separate processes started per dial.
/// </summary>
public static class PppBench
{
    private const int Runs = 3;
    private static readonly string[] Profiles = ["e3131", "phone-acm"];

    public static async Task<int> RunAsync(string[] args)
    {
        var bin = Environment.GetEnvironmentVariable("HUAWEIWWAN_BIN") ?? Path.GetFullPath("out/publish/linux-x64/huaweiwwan");
        var pppd = Path.Combine(AppContext.BaseDirectory, "fake-pppd");
        if (!File.Exists(bin))
        {
            Console.Error.WriteLine($"ppp: {bin} is missing; run `make publish` (make bench does)");
            return 1;
        }
        Console.Out.WriteLine($"binary: {bin}; pppd: the stand-in {pppd}; modem: simulated, no registration delay; {Runs} runs per profile");
        Console.Out.WriteLine($"{"measure",-56} {"min",8} {"median",8} {"max",8}");
        foreach (var profile in Profiles)
        {
            var up = new List<double>();
            var reconnect = new List<double>();
            var down = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                await using var env = await UpProcessRig.StartAsync(bin, _ => new SimOptions { Profile = profile, RegistrationDelay = TimeSpan.Zero });
                var started = Stopwatch.GetTimestamp();
                env.StartUp(new Dictionary<string, string>
                {
                    ["HUAWEIWWAN_PPPD"] = pppd,
                    ["FAKE_PPPD_TUN"] = "1",
                    ["FAKE_PPPD_PEER"] = PppdPeer.Describe(env.Sim.Addresses),
                });
                await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null }, TimeSpan.FromSeconds(60));
                up.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                var dropped = Stopwatch.GetTimestamp();
                env.Sim.DropNetwork();
                await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null, Modem.Reconnects: 1, Modem.ConnectedSince: not null }
                                          && env.Connects >= 2, TimeSpan.FromSeconds(60));
                reconnect.Add(Stopwatch.GetElapsedTime(dropped).TotalMilliseconds);

                down.Add(await env.StopAsync());
            }
            Row($"{profile}: up -> ppp-wan configured, wall (ms)", up);
            Row($"{profile}: drop -> redialled and configured (ms)", reconnect);
            Row($"{profile}: SIGTERM -> up exited, pppd stopped (ms)", down);
        }
        Console.Out.WriteLine("each dial starts pppd and `huaweiwwan chat` (its connect script) as processes; the phone (one ttyACM)");
        Console.Out.WriteLine("also reopens and re-probes its port after pppd exits. The redial includes the session's 0.5 s backoff.");
        return 0;
    }

    private static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.Out.WriteLine($"{name,-56} {sorted[0],8:0} {sorted[sorted.Length / 2],8:0} {sorted[^1],8:0}");
    }
}
