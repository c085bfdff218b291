namespace WwanProto.Core.Usb;

/// <summary>
/// A snapshot of the USB devices the kernel shows under &lt;SysRoot&gt;/bus/usb/devices. Entries there are
/// symlinks into /sys/devices on a real system and plain directories in the simulator's tree; both are read
/// the same way. A snapshot never changes: re-load after every hotplug event or re-enumeration.
/// </summary>
public sealed class UsbTree
{
    public SystemPaths Paths { get; }
    /// <summary>Every USB device (hubs' own entries "usbN" excluded), ordered by port path.</summary>
    public IReadOnlyList<UsbDevice> Devices { get; }

    private UsbTree(SystemPaths paths, IReadOnlyList<UsbDevice> devices)
    {
        Paths = paths;
        Devices = devices;
    }

    public static UsbTree Load(SystemPaths paths)
    {
        var root = paths.UsbDevices;
        var names = SysfsAttributes.Entries(root).ToArray();
        var devices = new List<UsbDevice>();
        foreach (var name in names)
        {
            if (!IsDeviceName(name)) continue;
            var device = LoadDevice(root, name, names);
            if (device is not null) devices.Add(device);
        }
        devices.Sort((a, b) => ComparePortPaths(a.Name, b.Name));
        return new UsbTree(paths, devices);
    }

    /// <summary>Devices recognised as modems (any <see cref="ModemKind"/> but None), in port-path order.</summary>
    public IEnumerable<UsbDevice> Modems => Devices.Where(d => d.IsModem);

    public UsbDevice? Find(string name) => Devices.FirstOrDefault(d => d.Name == name);

    /// <summary>The device owning a port by kernel name ("ttyUSB2", "cdc-wdm0", "wwan0"), or null.</summary>
    public UsbDevice? OwnerOfPort(string portName) => Devices.FirstOrDefault(d => d.Port(portName) is not null);

    /// <summary>"1-1.2" is a device; "1-1.2:1.0" an interface; "usb1" a root hub.</summary>
    public static bool IsDeviceName(string name)
    {
        var dash = name.IndexOf('-');
        return dash > 0 && !name.Contains(':') && name[..dash].All(char.IsAsciiDigit);
    }

    /// <summary>Orders "1-1.2" before "1-1.10" and "2-1".</summary>
    public static int ComparePortPaths(string a, string b)
    {
        var pa = a.Split('-', '.', ':');
        var pb = b.Split('-', '.', ':');
        for (var i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            var c = int.TryParse(pa[i], out var x) && int.TryParse(pb[i], out var y) ? x.CompareTo(y) : string.CompareOrdinal(pa[i], pb[i]);
            if (c != 0) return c;
        }
        return pa.Length.CompareTo(pb.Length);
    }

    private static UsbDevice? LoadDevice(string root, string name, string[] rootNames)
    {
        var dir = Path.Combine(root, name);
        var vendor = SysfsAttributes.Hex(dir, "idVendor");
        var product = SysfsAttributes.Hex(dir, "idProduct");
        if (vendor is null || product is null) return null; // half-created (hotplug in progress) or not a device

        // Interfaces: siblings in bus/usb/devices ("1-1:1.0") and, on real sysfs, children of the device dir.
        var ifaceDirs = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefix = name + ":";
        foreach (var entry in rootNames)
            if (entry.StartsWith(prefix, StringComparison.Ordinal)) ifaceDirs[entry] = Path.Combine(root, entry);
        foreach (var entry in SysfsAttributes.Entries(dir))
            if (entry.StartsWith(prefix, StringComparison.Ordinal)) ifaceDirs.TryAdd(entry, Path.Combine(dir, entry));

        var interfaces = ifaceDirs.Select(kv => LoadInterface(kv.Key, kv.Value)).OfType<UsbInterface>()
            .OrderBy(i => i.Number).ToArray();
        var kind = ModemClassifier.Classify(vendor.Value, interfaces);
        return new UsbDevice
        {
            Name = name,
            SysPath = dir,
            Vendor = vendor.Value,
            Product = product.Value,
            BusNum = SysfsAttributes.Decimal(dir, "busnum") ?? 0,
            DevNum = SysfsAttributes.Decimal(dir, "devnum") ?? 0,
            DevPath = SysfsAttributes.Text(dir, "devpath"),
            Manufacturer = SysfsAttributes.Text(dir, "manufacturer"),
            ProductName = SysfsAttributes.Text(dir, "product"),
            Serial = SysfsAttributes.Text(dir, "serial"),
            Configuration = SysfsAttributes.Decimal(dir, "bConfigurationValue"),
            Interfaces = interfaces,
            Kind = kind,
            Ports = PortsOf(interfaces),
        };
    }

    private static UsbInterface? LoadInterface(string name, string dir)
    {
        var number = SysfsAttributes.Hex(dir, "bInterfaceNumber");
        var cls = SysfsAttributes.Hex(dir, "bInterfaceClass");
        if (number is null || cls is null) return null;

        var ttys = new List<string>();
        foreach (var entry in SysfsAttributes.Entries(dir))
            if (entry.StartsWith("tty", StringComparison.Ordinal) && entry.Length > 3) ttys.Add(entry);
        ttys.AddRange(SysfsAttributes.Entries(Path.Combine(dir, "tty")));
        ttys.Sort(SysfsAttributes.CompareKernelNames);
        var wdms = SysfsAttributes.Entries(Path.Combine(dir, "usbmisc")).Where(n => n.StartsWith("cdc-wdm", StringComparison.Ordinal)).ToList();
        wdms.Sort(SysfsAttributes.CompareKernelNames);
        var nets = SysfsAttributes.Entries(Path.Combine(dir, "net")).ToList();
        nets.Sort(SysfsAttributes.CompareKernelNames);
        var (bulkOut, bulkIn) = BulkEndpoints(dir);

        return new UsbInterface
        {
            Name = name,
            Number = number.Value,
            Class = cls.Value,
            SubClass = SysfsAttributes.Hex(dir, "bInterfaceSubClass") ?? 0,
            Protocol = SysfsAttributes.Hex(dir, "bInterfaceProtocol") ?? 0,
            Driver = SysfsAttributes.LinkName(dir, "driver"),
            Description = SysfsAttributes.Text(dir, "interface"),
            Ttys = ttys,
            CdcWdms = wdms,
            NetDevs = nets,
            BulkOutEndpoint = bulkOut,
            BulkInEndpoint = bulkIn,
        };
    }

    /// <summary>ep_XX dirs carry bEndpointAddress, type ("Bulk") and direction ("out"/"in").</summary>
    private static (int? Out, int? In) BulkEndpoints(string dir)
    {
        int? bulkOut = null, bulkIn = null;
        foreach (var entry in SysfsAttributes.Entries(dir).Order(StringComparer.Ordinal))
        {
            if (!entry.StartsWith("ep_", StringComparison.Ordinal)) continue;
            var ep = Path.Combine(dir, entry);
            if (SysfsAttributes.Text(ep, "type") != "Bulk") continue;
            var address = SysfsAttributes.Hex(ep, "bEndpointAddress");
            if (address is null) continue;
            if ((address.Value & 0x80) != 0) bulkIn ??= address; else bulkOut ??= address;
        }
        return (bulkOut, bulkIn);
    }

    private static UsbPort[] PortsOf(IReadOnlyList<UsbInterface> interfaces)
    {
        var ports = new List<UsbPort>();
        foreach (var iface in interfaces)
        {
            foreach (var tty in iface.Ttys) ports.Add(new UsbPort(PortKind.Tty, tty, iface.Number, PortRoles.ForTty(iface)));
            foreach (var wdm in iface.CdcWdms) ports.Add(new UsbPort(PortKind.CdcWdm, wdm, iface.Number, PortRoles.ForCdcWdm(iface)));
            foreach (var net in iface.NetDevs) ports.Add(new UsbPort(PortKind.Net, net, iface.Number, PortRole.Net));
        }
        return ports.ToArray();
    }
}
