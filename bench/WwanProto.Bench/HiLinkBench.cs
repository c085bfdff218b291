using System.Diagnostics;
using WwanProto.ModemSim;

namespace WwanProto.Bench;

/// <summary>
/// `huaweiwwan up` (AOT binary) on a HiLink stick (web API + DHCP from the stick) and an Android tethering phone
/// (DHCP only), beside an NCM stick: time to a configured interface, and from a device reset (off USB for 0.5 s,
/// back) to reconnected and configured again. Simulated devices with no registration or call-setup delay.
/// </summary>
public static class HiLinkBench
{
    private const int Runs = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var bin = Environment.GetEnvironmentVariable("HUAWEIWWAN_BIN") ?? Path.GetFullPath("out/publish/linux-x64/huaweiwwan");
        if (!File.Exists(bin))
        {
            Console.Error.WriteLine($"hilink: {bin} is missing; run `make publish` (make bench does)");
            return 1;
        }
        Console.Out.WriteLine($"binary: {bin} ({new FileInfo(bin).Length / 1024} KiB); {Runs} runs per device; reset = off USB 0.5 s");
        Console.Out.WriteLine($"{"measure",-52} {"min",10} {"median",10} {"max",10}");
        foreach (var (profile, netdev, label) in new[] { ("e3372h-153", "wwan0", "NCM e3372h-153"), ("hilink", "usb0", "HiLink 14dc"), ("android", "usb0", "Android RNDIS") })
        {
            var up = new List<double>();
            var again = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                await using var env = await UpProcessRig.StartAsync(bin, ns => new SimOptions
                {
                    Profile = profile, NetDev = netdev, CreateVeth = true, HostNetNs = ns, DhcpServer = profile != "e3372h-153",
                    RegistrationDelay = TimeSpan.Zero, NdisConnectDelay = TimeSpan.Zero,
                    HiLinkWeb = new() { ConnectDelay = TimeSpan.Zero },
                });
                var started = Stopwatch.GetTimestamp();
                env.StartUp();
                await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null }, TimeSpan.FromSeconds(60));
                up.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                var before = env.Status()!.Modem.Reconnects;
                var reset = Stopwatch.GetTimestamp();
                await env.Sim.ResetAsync(TimeSpan.FromMilliseconds(500));
                await env.WaitAsync(st => st is { Modem.State: "connected", Ipv4: not null, Modem.ConnectedSince: not null } && st.Modem.Reconnects > before, TimeSpan.FromSeconds(90));
                again.Add(Stopwatch.GetElapsedTime(reset).TotalMilliseconds);
                await env.StopAsync();
            }
            Row($"{label}: up -> interface configured (ms)", up);
            Row($"{label}: reset -> reconnected, configured (ms)", again);
        }
        Console.Out.WriteLine("HiLink: the API's LAN lease, PIN/status/APN calls and the DHCP of the link; NCM: AT round trips and ^DHCP.");
        Console.Out.WriteLine("A reset includes the device's 0.5 s off the bus and the session's backoff after a loss.");
        return 0;
    }

    private static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.Out.WriteLine($"{name,-52} {sorted[0],10:0} {sorted[sorted.Length / 2],10:0} {sorted[^1],10:0}");
    }
}
