using WwanProto.Core.HiLink;
using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Commands;

/// <summary>Where OpenWrt's usbmode keeps its data and binary; overridable for tests and non-OpenWrt hosts.</summary>
internal static class UsbModeFiles
{
    public static string JsonPath => Environment.GetEnvironmentVariable("HUAWEIWWAN_USBMODE_JSON") ?? UsbModeJson.DefaultPath;

    /// <summary>/sbin/usbmode: when present it switches devices its usb-mode.json lists on every USB hotplug event.</summary>
    public static string BinaryPath => Environment.GetEnvironmentVariable("HUAWEIWWAN_USBMODE_BIN") ?? "/sbin/usbmode";

    public static bool UsbmodeInstalled => File.Exists(BinaryPath);

    /// <summary>
    /// OpenWrt's usb-mode.json plus our Huawei table. A missing or broken file is not fatal for the
    /// roles that keep a link up: they say why and switch with our own table alone.
    /// </summary>
    public static SwitchRules LoadRules(Action<string> log)
    {
        try
        {
            return SwitchRules.Load(JsonPath);
        }
        catch (Exception e) when (e is IOException or UsbModeConfigException)
        {
            log($"usb-mode.json not used ({e.Message}); using huaweiwwan's own switch table only");
            return SwitchRules.OwnOnly;
        }
    }

    /// <summary>
    /// The modem connector of the long-running roles (`session` under netifd, `up` standalone): the same
    /// resolution, mode switch and port selection for both. With usbmode installed, its hotplug handler
    /// gets a few seconds to switch the stick first, so the two never send competing messages.
    /// </summary>
    public static IModemConnector HostConnector(InterfaceOptions options, SystemPaths paths, Action<string> log, Func<UsbDevice, Task>? found = null) =>
        UsbModemConnector.ForHost(options.Device, options.UsbMode, paths, LoadRules(log), log,
            new ConnectorTuning { Switch = new ModeSwitchOptions { DeferToUsbmode = UsbmodeInstalled ? TimeSpan.FromSeconds(5) : TimeSpan.Zero } },
            options.LinkType, Core.Qmi.QmiControl.Planes(RouterFamilies.ControlPlanes(options)), found: found);
}
