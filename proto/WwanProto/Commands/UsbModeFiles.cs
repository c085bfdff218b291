namespace WwanProto.Commands;

/// <summary>Where OpenWrt's usbmode keeps its data and binary; overridable for tests and non-OpenWrt hosts.</summary>
internal static class UsbModeFiles
{
    public static string JsonPath => Environment.GetEnvironmentVariable("HUAWEIWWAN_USBMODE_JSON") ?? Core.Usb.Switching.UsbModeJson.DefaultPath;

    /// <summary>/sbin/usbmode: when present it switches devices its usb-mode.json lists on every USB hotplug event.</summary>
    public static string BinaryPath => Environment.GetEnvironmentVariable("HUAWEIWWAN_USBMODE_BIN") ?? "/sbin/usbmode";

    public static bool UsbmodeInstalled => File.Exists(BinaryPath);
}
