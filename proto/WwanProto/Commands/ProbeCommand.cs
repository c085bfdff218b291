using WwanProto.Core;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan probe [--json] [--no-at] [device]`: every modem (or the one `device` names) with its kind,
/// identity and port roles. Ports held by a running session are reported as not answering, never taken.
/// Exit status: 0 at least one modem, 1 none, 2 usage.
/// </summary>
public static class ProbeCommand
{
    public static int Run(string[] args)
    {
        var json = false;
        var noAt = false;
        string? device = null;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--json": json = true; break;
                case "--no-at": noAt = true; break;
                case "-h" or "--help":
                    Console.Out.WriteLine("usage: huaweiwwan probe [--json] [--no-at] [device]");
                    Console.Out.WriteLine("  device: auto, a USB path (1-1.2), vid:pid[@n], imei:<15 digits> or /dev/ttyUSBn; default: all modems");
                    Console.Out.WriteLine("  --no-at: roles from the USB descriptors only; no port is opened");
                    return 0;
                default:
                    if (arg.StartsWith('-') || device is not null) throw new UsageException($"unexpected argument '{arg}'");
                    if (Core.Config.ValueRules.Device(arg) is { } bad) throw new UsageException($"device '{arg}': {bad}");
                    device = arg;
                    break;
            }
        }

        var paths = SystemPaths.FromEnvironment();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var probe = new AtPortProbe(paths.LockDir);
        var options = new ModemProbeOptions { NoAt = noAt };
        var tree = UsbTree.Load(paths);
        var devices = tree.Modems.ToList();
        if (device is not null)
        {
            var resolved = DeviceResolver.ResolveAsync(tree, device, new AtImeiLookup(paths, probe, options.CommandTimeout), cts.Token).GetAwaiter().GetResult();
            if (resolved.Device is null)
            {
                Console.Error.WriteLine($"huaweiwwan probe: {resolved.Error}");
                return 1;
            }
            devices = [resolved.Device];
        }

        var rules = UsbModeFiles.LoadRules(message => Console.Error.WriteLine($"huaweiwwan probe: {message}"));
        var reports = ModemProbe.RunAsync(tree, devices, probe, ModemProbe.AtIdentity(probe, options.CommandTimeout, cts.Token), rules, options, cts.Token)
            .GetAwaiter().GetResult();

        if (json) Console.Out.WriteLine(ProbeJson.Write(reports, paths));
        else if (reports.Count == 0) Console.Out.WriteLine($"no modem found under {paths.UsbDevices}");
        else foreach (var report in reports) Print(report, paths, Console.Out);
        return reports.Count > 0 ? 0 : 1;
    }

    private static void Print(ModemProbeReport r, SystemPaths paths, TextWriter w)
    {
        var d = r.Device;
        w.WriteLine($"{d.Name}  {d.Id}  {d.Kind.Name()}  {string.Join(' ', new[] { d.Manufacturer, d.ProductName }.Where(s => !string.IsNullOrEmpty(s)))}");
        if (r.Identity is { } id)
        {
            w.WriteLine($"  model      {string.Join(' ', new[] { id.Manufacturer, id.Model }.Where(s => s is not null))}");
            w.WriteLine($"  firmware   {id.Firmware ?? "-"}");
            w.WriteLine($"  IMEI       {id.Imei ?? "-"}");
        }
        var s = r.Selection;
        w.WriteLine($"  control    {s.ControlPath(paths) ?? "-"}");
        w.WriteLine($"  ppp        {s.PppPath(paths) ?? "-"}");
        w.WriteLine($"  net        {s.NetDev ?? "-"}");
        if (s.CdcWdm is not null) w.WriteLine($"  cdc-wdm    {s.CdcWdmPath(paths)}");
        foreach (var p in s.Ports)
        {
            var iface = d.Interfaces.First(i => i.Number == p.Port.InterfaceNumber);
            var answered = p.HeldBy is not null ? "held by another program" : p.Answered switch { true => "answers AT", false => "silent", null => "not probed" };
            w.WriteLine($"    If{p.Port.InterfaceNumber} {iface.Triple} {iface.Driver ?? "-",-15} {p.Name,-10} {p.Role.Name(),-12} ({p.RoleSource}, {answered})");
        }
        if (s.PortMode is not null) w.WriteLine($"  {s.PortMode}");
        if (r.Note is not null) w.WriteLine($"  note: {r.Note}");
    }
}
