namespace WwanProto.Core.Usb;

/// <summary>
/// One USB device (not a hub's interface) as sysfs shows it. <see cref="Name"/> is the kernel's port path
/// ("1-1.2"): stable for a physical port, unlike ttyUSB numbers or devnum, which change on every replug.
/// </summary>
public sealed record UsbDevice
{
    public required string Name { get; init; }
    /// <summary>The directory read (under SystemPaths.UsbDevices; a symlink into /sys/devices on real sysfs).</summary>
    public required string SysPath { get; init; }
    public required int Vendor { get; init; }
    public required int Product { get; init; }
    public int BusNum { get; init; }
    public int DevNum { get; init; }
    public string? DevPath { get; init; }
    public string? Manufacturer { get; init; }
    public string? ProductName { get; init; }
    public string? Serial { get; init; }
    /// <summary>bConfigurationValue; null when the device is unconfigured.</summary>
    public int? Configuration { get; init; }
    public IReadOnlyList<UsbInterface> Interfaces { get; init; } = [];
    public ModemKind Kind { get; init; }
    /// <summary>Every tty, cdc-wdm and netdev of the device with its role from the descriptors, in interface order.</summary>
    public IReadOnlyList<UsbPort> Ports { get; init; } = [];

    /// <summary>"12d1:1506".</summary>
    public string Id => UsbIds.Format(Vendor, Product);

    public bool IsModem => Kind != ModemKind.None;

    /// <summary>The usbdevfs node, &lt;DevRoot&gt;/bus/usb/BBB/DDD.</summary>
    public string UsbDevfsPath(SystemPaths paths) => paths.Dev(Path.Combine("bus", "usb", BusNum.ToString("D3"), DevNum.ToString("D3")));

    public IEnumerable<UsbPort> PortsWith(PortRole role) => Ports.Where(p => p.Role == role);

    /// <summary>The port with this kernel name ("ttyUSB2", "cdc-wdm0", "wwan0"), or null.</summary>
    public UsbPort? Port(string name) => Ports.FirstOrDefault(p => p.Name == name);

    /// <summary>"1-1.2 12d1:1506 HUAWEI Mobile (ncm)" for messages that name candidates.</summary>
    public string Describe()
    {
        var product = string.Join(' ', new[] { Manufacturer, ProductName }.Where(s => !string.IsNullOrEmpty(s)));
        return product.Length > 0 ? $"{Name} {Id} {product} ({Kind.Name()})" : $"{Name} {Id} ({Kind.Name()})";
    }

    public override string ToString() => Describe();
}
