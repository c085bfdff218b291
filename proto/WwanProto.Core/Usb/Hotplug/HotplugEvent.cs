namespace WwanProto.Core.Usb.Hotplug;

/// <summary>
/// One kernel/procd hotplug event as /etc/hotplug.d scripts see it: the subsystem (the script's directory)
/// and the environment (ACTION, DEVPATH, PRODUCT "12d1/1f01/102", TYPE, INTERFACE "255/2/18", DEVNAME, DEVTYPE).
/// </summary>
public sealed record HotplugEvent
{
    public required string Subsystem { get; init; }
    public required string Action { get; init; }
    public string? DevPath { get; init; }
    public string? Product { get; init; }
    public string? Type { get; init; }
    public string? Interface { get; init; }
    public string? DevName { get; init; }
    public string? DevType { get; init; }

    public static HotplugEvent FromEnvironment(string subsystem, Func<string, string?> env) => new()
    {
        Subsystem = subsystem,
        Action = env("ACTION") ?? "",
        DevPath = env("DEVPATH"),
        Product = env("PRODUCT"),
        Type = env("TYPE"),
        Interface = env("INTERFACE"),
        DevName = env("DEVNAME"),
        DevType = env("DEVTYPE"),
    };

    public bool IsAdd => Action == "add";
    public bool IsRemove => Action == "remove";

    /// <summary>The whole USB device appeared or left (not one of its interfaces or ports).</summary>
    public bool IsUsbDevice => Subsystem == "usb" && DevType == "usb_device";

    /// <summary>
    /// The USB device the event belongs to, from DEVPATH: the last path component that names a USB device
    /// ("/devices/platform/.../usb1/1-1/1-1:1.2/ttyUSB2/tty/ttyUSB2" -> "1-1").
    /// </summary>
    public string? UsbDeviceName
    {
        get
        {
            if (DevPath is null) return null;
            string? found = null;
            foreach (var part in DevPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = part.IndexOf(':');
                var name = colon < 0 ? part : part[..colon];
                if (UsbTree.IsDeviceName(name)) found = name;
            }
            return found;
        }
    }

    /// <summary>PRODUCT "12d1/1f01/102" (hex without leading zeros) as vendor and product ids.</summary>
    public (int Vendor, int Product)? ProductIds
    {
        get
        {
            var parts = Product?.Split('/');
            if (parts is not { Length: >= 2 }) return null;
            return int.TryParse(parts[0], System.Globalization.NumberStyles.HexNumber, null, out var v)
                && int.TryParse(parts[1], System.Globalization.NumberStyles.HexNumber, null, out var p) ? (v, p) : null;
        }
    }

    public override string ToString() => $"{Subsystem} {Action} {DevPath}{(DevName is null ? "" : $" ({DevName})")}";
}
