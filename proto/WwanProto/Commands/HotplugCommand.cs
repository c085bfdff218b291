using WwanProto.Core;
using WwanProto.Core.Usb.Hotplug;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan hotplug usb|tty|usbmisc|net`: called by the /etc/hotplug.d scripts with the event in the
/// environment (ACTION, DEVPATH, PRODUCT, TYPE, INTERFACE, DEVNAME, DEVTYPE). Switches storage-mode sticks
/// that a `proto huaweiwwan` interface claims and marks interfaces available/unavailable (notify_proto action 5).
/// Messages go to stdout (the scripts pass them to logger). Exit status: 0 done, 1 a step failed, 2 usage.
/// </summary>
public static class HotplugCommand
{
    public static int Run(string[] args)
    {
        if (args is ["-h" or "--help"])
        {
            Console.Out.WriteLine("usage: huaweiwwan hotplug usb|tty|usbmisc|net   (event from ACTION, DEVPATH, PRODUCT, TYPE, INTERFACE, DEVNAME, DEVTYPE)");
            return 0;
        }
        if (args is not [("usb" or "tty" or "usbmisc" or "net") and var subsystem])
            throw new UsageException("expected one subsystem: usb, tty, usbmisc or net");

        var e = HotplugEvent.FromEnvironment(subsystem, Environment.GetEnvironmentVariable);
        if (!e.IsAdd && !e.IsRemove) return 0;
        var log = (string message) => Console.Out.WriteLine($"hotplug {e}: {message}");

        var confDir = Environment.GetEnvironmentVariable("HUAWEIWWAN_UCI_CONFDIR") ?? NetworkConfig.DefaultConfDir;
        var (interfaces, problem) = NetworkConfig.Read(confDir);
        if (problem is not null) log(problem);
        if (interfaces.Count == 0) return problem is null ? 0 : 1;

        var rules = UsbModeFiles.LoadRules(log);
        var handler = new HotplugHandler(SystemPaths.FromEnvironment(), interfaces, new UbusInterfaceNotifier(), new UsbDevfsTransport(),
            rules, UsbModeFiles.UsbmodeInstalled, log);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return handler.HandleAsync(e, cts.Token).GetAwaiter().GetResult() ? 0 : 1;
    }
}
