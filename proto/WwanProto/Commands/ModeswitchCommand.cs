using WwanProto.Core;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan modeswitch [--mode stick|hilink] [--wait SECONDS] [device]`: switches storage-mode sticks
/// (all of them, or the one `device` names) and waits for them to come back. A device that is already
/// switched (by usbmode, or earlier) is left alone. Exit status: 0 all ready, 1 a switch failed, 2 usage.
/// </summary>
public static class ModeswitchCommand
{
    public static int Run(string[] args)
    {
        var preference = UsbModePreference.Stick;
        var wait = 20;
        string? device = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mode":
                    var mode = i + 1 < args.Length ? args[++i] : throw new UsageException("--mode needs a value");
                    if (mode is not ("stick" or "hilink")) throw new UsageException($"--mode '{mode}': expected stick or hilink");
                    preference = UsbModePreferences.Parse(mode);
                    break;
                case "--wait":
                    wait = CommandArgs.Seconds(i + 1 < args.Length ? args[++i] : throw new UsageException("--wait needs a value"), "--wait");
                    break;
                case "-h" or "--help":
                    Console.Out.WriteLine("usage: huaweiwwan modeswitch [--mode stick|hilink] [--wait SECONDS] [device]");
                    Console.Out.WriteLine("  switches storage (CD-ROM) mode sticks; stick = serial/NCM ports (default), hilink = cdc_ether router mode");
                    Console.Out.WriteLine("  rules: /etc/usb-mode.json as usbmode reads it, then huaweiwwan's Huawei table");
                    return 0;
                default:
                    if (args[i].StartsWith('-') || device is not null) throw new UsageException($"unexpected argument '{args[i]}'");
                    if (Core.Config.ValueRules.Device(args[i]) is { } bad) throw new UsageException($"device '{args[i]}': {bad}");
                    device = args[i];
                    break;
            }
        }

        var paths = SystemPaths.FromEnvironment();
        // usb-mode.json belongs to usbmode: a broken one is a warning, our own table still switches Huawei sticks.
        var rules = UsbModeFiles.LoadRules(message => Console.Error.WriteLine($"huaweiwwan modeswitch: {message}"));
        var tree = UsbTree.Load(paths);
        List<UsbDevice> targets;
        if (device is null) targets = tree.Devices.Where(d => d.Kind == ModemKind.Storage).ToList();
        else
        {
            var resolved = DeviceResolver.Resolve(tree, device);
            if (resolved.Device is null)
            {
                Console.Error.WriteLine($"huaweiwwan modeswitch: {resolved.Error}");
                return 1;
            }
            targets = [resolved.Device];
        }
        if (targets.Count == 0)
        {
            Console.Out.WriteLine("no device in storage mode");
            return 0;
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(wait + 10));
        var switcher = new ModeSwitcher(paths, new UsbDevfsTransport(), rules, new ModeSwitchOptions { WaitBound = TimeSpan.FromSeconds(wait) });
        var results = Task.WhenAll(targets.Select(d => switcher.SwitchAsync(d, preference, cts.Token))).GetAwaiter().GetResult();
        var rc = 0;
        foreach (var result in results)
        {
            var line = $"{result.Outcome.ToString().ToLowerInvariant()}: {result.Message}";
            if (result.Ready || result.Outcome == ModeSwitchOutcome.NotRequested) Console.Out.WriteLine(line);
            else { Console.Error.WriteLine(line); rc = 1; }
        }
        return rc;
    }
}
