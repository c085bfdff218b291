using System.Globalization;
using WwanProto.Core;
using WwanProto.Core.Session;
using WwanProto.Core.Standalone;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan status [--iface NAME] [--json]`: what the running `up` publishes in its status file: modem,
/// SIM, operator, RAT, signal, IP, uptime. Exit status: 0 running, 1 not running, 2 usage.
/// </summary>
public static class StatusCommand
{
    public static int Run(string[] args)
    {
        string? iface = null;
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--iface": iface = i + 1 < args.Length ? args[++i] : throw new UsageException("--iface needs a value"); break;
                case "--json": json = true; break;
                case "-h" or "--help":
                    Console.Out.WriteLine("usage: huaweiwwan status [--iface NAME] [--json]");
                    Console.Out.WriteLine("exit status: 0 running, 1 not running, 2 usage");
                    return 0;
                default: throw new UsageException($"unexpected argument '{args[i]}'");
            }
        }
        var paths = SystemPaths.FromEnvironment();
        var (name, error) = StandaloneTarget.Resolve(paths, iface);
        var status = name is null ? null : StatusFile.Read(StatusFile.PathFor(paths, name));
        var pid = name is null ? null : PidFile.RunningPid(PidFile.PathFor(paths, name));
        if (status is null || pid is null)
        {
            var why = name is null ? error! : $"{name} is not running";
            if (json) Console.Out.WriteLine(StatusFile.ToJson(new StandaloneStatus { Iface = name ?? "", Updated = DateTimeOffset.UtcNow, Modem = new ModemStatus { State = "stopped" } }, indented: true));
            else Console.Error.WriteLine($"huaweiwwan status: {why}");
            return 1;
        }
        status = status with { Updated = DateTimeOffset.UtcNow };
        if (json) Console.Out.WriteLine(StatusFile.ToJson(status, indented: true));
        else Print(status, Console.Out);
        return 0;
    }

    private static void Print(StandaloneStatus s, TextWriter w)
    {
        var m = s.Modem;
        var uptime = m.ConnectedSince is { } since ? $" for {Duration(s.Updated - since)}" : "";
        w.WriteLine($"{s.Iface}: {m.State}{uptime} (pid {s.Pid})");
        w.WriteLine($"  modem      {Join(m.Manufacturer, m.Model)}{Paren(Join(m.Firmware is null ? null : "firmware " + m.Firmware, m.Imei is null ? null : "IMEI " + m.Imei))}");
        w.WriteLine($"  SIM        {m.SimState ?? "-"}{Paren(m.Iccid is null ? null : "ICCID " + m.Iccid)}");
        var signal = m.SignalDbm is { } dbm ? $"{dbm} dBm" + (m.SignalBars is { } bars ? $" ({bars}/5)" : "") : null;
        w.WriteLine($"  network    {m.Operator ?? "-"}, {m.Rat ?? "-"}, signal {signal ?? "-"}");
        w.WriteLine($"  link       {m.LinkType ?? "-"} on {s.Ifname ?? "-"}{(m.ControlPort is null ? "" : $", control {m.ControlPort}")}");
        if (s.Ipv4 is { } v4) w.WriteLine($"  IPv4       {Ip(v4)}");
        if (s.Ipv6 is { } v6) w.WriteLine($"  IPv6       {Ip(v6)}");
        if (s.Dns is { } dns) w.WriteLine($"  DNS via    {dns}");
        else if (s.ResolvFile is { } resolv) w.WriteLine($"  DNS file   {resolv}");
        w.WriteLine($"  reconnects {m.Reconnects}, modem resets {m.ModemResets}");
        if (m.LastError is { } last) w.WriteLine($"  last error {last}");
    }

    private static string Ip(IpConfig ip) =>
        $"{ip.Address}/{ip.PrefixLength}" + (ip.Gateway is null ? "" : $" via {ip.Gateway}")
        + (ip.Dns.Count == 0 ? "" : $", DNS {string.Join(' ', ip.Dns)}") + (ip.Mtu is { } mtu ? $", MTU {mtu}" : "");

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s" : $"{Math.Max(0, t.Seconds)}s";

    private static string Join(string? a, string? b) => a is null ? b ?? "-" : b is null ? a : $"{a} {b}";

    private static string Paren(string? text) => text is null or "-" ? "" : $" ({text})";
}
