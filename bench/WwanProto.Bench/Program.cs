namespace WwanProto.Bench;

/// <summary>
/// Benchmarks that print tables (no pass/fail). `wwan-bench` runs every section; `wwan-bench at probe`
/// runs those named. Each section lives in its own file and registers one line here.
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, (string Summary, Func<string[], Task<int>> Run)> Sections = new(StringComparer.Ordinal)
    {
        ["at"] = ("AT round-trip latency and port-probe time per simulator profile", AtBench.Run),
        ["uci"] = ("UCI parse, canonical write and commit time by config size", UciBench.Run),
        ["probe"] = ("port probe time per simulator profile, and the storage switch", ProbeBench.RunAsync),
        ["netifd"] = ("dump latency (AOT binary) and setup -> first notify against the ubusd double", NetifdBench.RunAsync),
        ["ubusd-restart"] = ("session back on a respawned ubusd: object re-added, link state re-sent (backoff 0.2-5 s)", UbusdRestartBench.RunAsync),
        ["standalone"] = ("huaweiwwan up: time to configured link, reconnect, RSS, idle CPU (AOT binary)", StandaloneBench.Run),
        ["ppp"] = ("huaweiwwan up over PPP with the pppd stand-in: time to configured ppp-wan, redial after a drop, stop (AOT binary)", PppBench.RunAsync),
        ["soak"] = ("1,000 cycles of up/drop/reconnect and of netifd ifup/ifdown: fds, threads, RSS every 100 cycles (WWAN_SOAK_CYCLES)", args => OperatingSystem.IsLinux() ? SoakBench.RunAsync(args) : Task.FromResult(1)),
        ["sizes"] = ("where the AOT binary's bytes go (ILCompiler mstat): by part, assembly, namespace, type, method", SizesBench.RunAsync),
        ["footprint"] = ("size, xz size, start-up, session RSS connected and after 1,000 ubus status queries; glibc and static musl", args => OperatingSystem.IsLinux() ? FootprintBench.RunAsync(args) : Task.FromResult(1)),
        ["memory"] = ("session RSS connected and after 1,000 ubus status queries per runtime setting (WWAN_BENCH_MEMORY_VARIANTS), then a long run (WWAN_BENCH_LONG_MINUTES)", args => OperatingSystem.IsLinux() ? MemoryBench.RunAsync(args) : Task.FromResult(1)),
        ["eight"] = ("eight sticks, eight interfaces, eight sessions at once: each one's setup -> link-up vs one alone, idle CPU, RSS (AOT binary)", args => OperatingSystem.IsLinux() ? EightModemBench.RunAsync(args) : Task.FromResult(1)),
        ["qmi"] = ("huaweiwwan up over QMI (e392) beside NCM (e3372h-153): time to online and drop -> reconnected (AOT binary)", QmiBench.RunAsync),
        ["hilink"] = ("huaweiwwan up on a HiLink stick and an Android phone beside NCM: time to configured link, reconnect after a device reset (AOT binary)", HiLinkBench.RunAsync),
        ["return"] = ("issue 11 #5: reset -> link up and storage device back -> link up with a 30 s backoff pending, with and without the wake", args => OperatingSystem.IsLinux() ? DeviceReturnBench.RunAsync(args) : Task.FromResult(1)),
        ["arm64"] = ("the arm64 binary beside x86-64: size, xz size, start-up under qemu-user relative to x86-64 under qemu-user (also in footprint)", args => OperatingSystem.IsLinux() ? Arm64Bench.RunAsync(args) : Task.FromResult(1)),
        ["regloss"] = ("registration lost while the call stays up: time to link down and back up, watch queries", RegistrationBench.RunAsync),
    };

    public static async Task<int> Main(string[] args)
    {
        if (args is ["-h" or "--help"])
        {
            Console.Out.WriteLine("usage: wwan-bench [section ...]");
            foreach (var (name, section) in Sections) Console.Out.WriteLine($"  {name,-10} {section.Summary}");
            return 0;
        }
        var names = args.Length == 0 ? Sections.Keys.ToArray() : args;
        var rc = 0;
        foreach (var name in names)
        {
            if (!Sections.TryGetValue(name, out var section))
            {
                Console.Error.WriteLine($"wwan-bench: unknown section '{name}'");
                return 2;
            }
            Console.Out.WriteLine($"== {name}: {section.Summary}");
            rc |= await section.Run(args);
            Console.Out.WriteLine();
        }
        return rc;
    }
}
