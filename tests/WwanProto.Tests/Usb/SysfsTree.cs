using WwanProto.Core;

namespace WwanProto.Tests.Usb;

/// <summary>
/// Builds a sysfs-shaped tree in a temp dir. <see cref="RealShape"/> lays it out like the kernel:
/// devices under sys/devices/pci0000:00/.../usbN with bus/usb/devices/* as symlinks, interfaces as
/// children of the device dir, drivers as symlinks. Otherwise plain dirs, the simulator's shape.
/// </summary>
public sealed class SysfsTree : IDisposable
{
    public string Root { get; }
    public bool RealShape { get; }
    public SystemPaths Paths { get; }

    public SysfsTree(bool realShape = false)
    {
        Root = Path.Combine(Path.GetTempPath(), $"wwan-sysfs-{Environment.ProcessId}-{Guid.NewGuid():N}");
        RealShape = realShape;
        Paths = new SystemPaths(Path.Combine(Root, "sys"), Path.Combine(Root, "dev"), Path.Combine(Root, "state"), Path.Combine(Root, "lock"));
        Directory.CreateDirectory(Paths.UsbDevices);
        Directory.CreateDirectory(Paths.DevRoot);
    }

    public DeviceBuilder Device(string name, int vendor, int product, string? manufacturer = "HUAWEI", string? productName = "HUAWEI Mobile",
        string? serial = null, int bus = 1, int devnum = 2) => new(this, name, vendor, product, manufacturer, productName, serial, bus, devnum);

    /// <summary>Removes a device and its interfaces (unplug).</summary>
    public void Remove(string name)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(Paths.UsbDevices))
        {
            var n = Path.GetFileName(entry);
            if (n == name || n.StartsWith(name + ":", StringComparison.Ordinal))
            {
                if (new FileInfo(entry).LinkTarget is not null) File.Delete(entry);
                else Directory.Delete(entry, recursive: true);
            }
        }
        var real = Path.Combine(Root, "sys", "devices", "pci0000:00", "usb1", name);
        if (Directory.Exists(real)) Directory.Delete(real, recursive: true);
    }

    internal string DeviceDir(string name)
    {
        if (!RealShape) return Path.Combine(Paths.UsbDevices, name);
        var dir = Path.Combine(Root, "sys", "devices", "pci0000:00", "usb1", name);
        Directory.CreateDirectory(dir);
        var link = Path.Combine(Paths.UsbDevices, name);
        if (!Path.Exists(link)) File.CreateSymbolicLink(link, Path.GetRelativePath(Paths.UsbDevices, dir));
        return dir;
    }

    internal string InterfaceDir(string device, string name)
    {
        if (!RealShape) return Path.Combine(Paths.UsbDevices, name);
        var dir = Path.Combine(DeviceDir(device), name);
        Directory.CreateDirectory(dir);
        var link = Path.Combine(Paths.UsbDevices, name);
        if (!Path.Exists(link)) File.CreateSymbolicLink(link, Path.GetRelativePath(Paths.UsbDevices, dir));
        return dir;
    }

    internal string DriverDir(string driver)
    {
        var dir = Path.Combine(Root, "sys", "bus", "usb", "drivers", driver);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public sealed class DeviceBuilder
{
    private readonly SysfsTree _tree;
    private readonly string _name;
    private readonly string _dir;

    internal DeviceBuilder(SysfsTree tree, string name, int vendor, int product, string? manufacturer, string? productName, string? serial, int bus, int devnum)
    {
        _tree = tree;
        _name = name;
        _dir = tree.DeviceDir(name);
        Directory.CreateDirectory(_dir);
        Write(_dir, "idVendor", vendor.ToString("x4"));
        Write(_dir, "idProduct", product.ToString("x4"));
        if (manufacturer is not null) Write(_dir, "manufacturer", manufacturer);
        if (productName is not null) Write(_dir, "product", productName);
        if (serial is not null) Write(_dir, "serial", serial);
        Write(_dir, "busnum", bus.ToString());
        Write(_dir, "devnum", devnum.ToString());
        Write(_dir, "devpath", name[(name.IndexOf('-') + 1)..]);
        Write(_dir, "bConfigurationValue", "1");
        Write(_dir, "speed", "480");
    }

    public DeviceBuilder Interface(int number, int cls, int sub, int proto, string? driver, string[]? ttys = null, string[]? acm = null,
        string[]? wdm = null, string[]? net = null, string? description = null, (int Out, int In)? bulk = null)
    {
        var name = $"{_name}:1.{number}";
        var dir = _tree.InterfaceDir(_name, name);
        Directory.CreateDirectory(dir);
        Write(dir, "bInterfaceNumber", number.ToString("x2"));
        Write(dir, "bInterfaceClass", cls.ToString("x2"));
        Write(dir, "bInterfaceSubClass", sub.ToString("x2"));
        Write(dir, "bInterfaceProtocol", proto.ToString("x2"));
        Write(dir, "bAlternateSetting", " 0");
        if (description is not null) Write(dir, "interface", description);
        if (driver is not null) File.CreateSymbolicLink(Path.Combine(dir, "driver"), Path.GetRelativePath(dir, _tree.DriverDir(driver)));
        foreach (var tty in ttys ?? []) { Directory.CreateDirectory(Path.Combine(dir, tty, "tty", tty)); Node(tty); }
        foreach (var tty in acm ?? []) { Directory.CreateDirectory(Path.Combine(dir, "tty", tty)); Node(tty); }
        foreach (var w in wdm ?? []) { Directory.CreateDirectory(Path.Combine(dir, "usbmisc", w)); Node(w); }
        foreach (var n in net ?? []) Directory.CreateDirectory(Path.Combine(dir, "net", n));
        if (bulk is { } ep)
        {
            Endpoint(dir, ep.Out, "out");
            Endpoint(dir, ep.In, "in");
        }
        return this;
    }

    private static void Endpoint(string dir, int address, string direction)
    {
        var ep = Path.Combine(dir, $"ep_{address:x2}");
        Directory.CreateDirectory(ep);
        Write(ep, "bEndpointAddress", address.ToString("x2"));
        Write(ep, "type", "Bulk");
        Write(ep, "direction", direction);
    }

    private void Node(string name) => File.WriteAllText(_tree.Paths.Dev(name), "");

    private static void Write(string dir, string file, string value) => File.WriteAllText(Path.Combine(dir, file), value + "\n");
}
