using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Core.Standalone;

/// <summary>
/// The production modem connector for a real machine: sysfs, usbdevfs for the storage-mode switch
/// (OpenWrt's /etc/usb-mode.json when present, our Huawei table always), AT probing of the ports (and of the IMEI, for `device imei:...`).
/// </summary>
public static class StandaloneConnector
{
    public const string UsbModeJson = "/etc/usb-mode.json";

    public static IModemConnector Create(InterfaceOptions options, SystemPaths paths, Action<string> log)
    {
        var rules = File.Exists(UsbModeJson) ? SwitchRules.Load(UsbModeJson) : SwitchRules.OwnOnly;
        var switcher = new ModeSwitcher(paths, new UsbDevfsTransport(), rules);
        var probe = new AtPortProbe(paths.LockDir);
        return new UsbModemConnector(options.Device, options.UsbMode, paths, probe, new AtImeiLookup(paths, probe, TimeSpan.FromSeconds(3)), switcher, log);
    }
}
