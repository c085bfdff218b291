using System.Globalization;
using WwanProto.Core;
using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Usb;

/// <summary>
/// Writes what the kernel would show for one enumerated device: sys/bus/usb/devices/&lt;path&gt; with its
/// attributes, one dir per interface with the class triple, a driver symlink, the tty / usbmisc / net children,
/// class/{tty,net,usbmisc} links, and dev/&lt;name&gt; symlinks to the pty slaves. Values are formatted as sysfs
/// prints them (hex without 0x, "%2d" for bNumInterfaces, trailing newline).
/// </summary>
public sealed class SysfsTree
{
    private readonly SystemPaths _paths;
    private readonly List<string> _created = [];

    public SysfsTree(SystemPaths paths) => _paths = paths;

    public string DeviceDir(string usbPath) => Path.Combine(_paths.UsbDevices, usbPath);

    public void Create(string usbPath, ModemProfile profile, int busnum, int devnum, IReadOnlyList<PortBinding> ports, string? netDev)
    {
        // Interfaces first, the device dir last and by rename: a watcher never sees a half-written device.
        var finalDev = DeviceDir(usbPath);
        var dev = Path.Combine(_paths.SysRoot, $".staging-{usbPath}");
        if (Directory.Exists(dev)) Directory.Delete(dev, true);
        Directory.CreateDirectory(dev);
        Write(dev, "idVendor", profile.Vid.ToString("x4", CultureInfo.InvariantCulture));
        Write(dev, "idProduct", profile.Pid.ToString("x4", CultureInfo.InvariantCulture));
        Write(dev, "manufacturer", profile.UsbManufacturer);
        Write(dev, "product", profile.UsbProduct);
        Write(dev, "serial", profile.UsbSerial);
        Write(dev, "busnum", busnum.ToString(CultureInfo.InvariantCulture));
        Write(dev, "devnum", devnum.ToString(CultureInfo.InvariantCulture));
        Write(dev, "devpath", usbPath.Contains('-') ? usbPath[(usbPath.IndexOf('-') + 1)..] : usbPath);
        Write(dev, "bConfigurationValue", "1");
        Write(dev, "bNumConfigurations", "1");
        Write(dev, "bNumInterfaces", profile.Interfaces.Count.ToString(CultureInfo.InvariantCulture).PadLeft(2));
        Write(dev, "bDeviceClass", "00");
        Write(dev, "bcdDevice", "0102");
        Write(dev, "speed", "480");
        Write(dev, "version", " 2.00");
        Write(dev, "maxchild", "0");
        Write(dev, "uevent", $"DEVTYPE=usb_device\nPRODUCT={profile.Vid:x}/{profile.Pid:x}/102\nBUSNUM={busnum:000}\nDEVNUM={devnum:000}");

        var usbNode = Path.Combine(_paths.DevRoot, "bus", "usb", busnum.ToString("000", CultureInfo.InvariantCulture), devnum.ToString("000", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.GetDirectoryName(usbNode)!);
        File.WriteAllText(usbNode, "");
        _created.Add(usbNode);

        for (var n = 0; n < profile.Interfaces.Count; n++)
        {
            var spec = profile.Interfaces[n];
            var intf = Path.Combine(_paths.UsbDevices, $"{usbPath}:1.{n}");
            Directory.CreateDirectory(intf);
            _created.Insert(0, intf);
            Write(intf, "bInterfaceNumber", n.ToString("x2", CultureInfo.InvariantCulture));
            Write(intf, "bAlternateSetting", " 0");
            Write(intf, "bInterfaceClass", spec.Class.ToString("x2", CultureInfo.InvariantCulture));
            Write(intf, "bInterfaceSubClass", spec.SubClass.ToString("x2", CultureInfo.InvariantCulture));
            Write(intf, "bInterfaceProtocol", spec.Protocol.ToString("x2", CultureInfo.InvariantCulture));
            Write(intf, "bNumEndpoints", (spec.Tty is not null || spec.CdcWdm ? 3 : 2).ToString("x2", CultureInfo.InvariantCulture));
            if (spec.Label is not null) Write(intf, "interface", spec.Label);
            if (spec.Driver is not null)
            {
                var driverDir = Path.Combine(_paths.SysRoot, "bus", "usb", "drivers", spec.Driver);
                Directory.CreateDirectory(driverDir);
                Link(Path.Combine(intf, "driver"), driverDir);
                Link(Path.Combine(driverDir, $"{usbPath}:1.{n}"), intf);
            }
            foreach (var port in ports.Where(p => p.Interface == n))
                CreatePortNode(intf, port);
            if (spec.Net && netDev is not null)
            {
                var net = Path.Combine(intf, "net", netDev);
                Directory.CreateDirectory(net);
                Write(net, "address", Net.VethLink.NcmMac);
                Write(net, "type", "1");
                Write(net, "uevent", $"INTERFACE={netDev}\nDEVTYPE={(spec.Driver == "cdc_ether" ? "" : "wwan")}");
                Link(Path.Combine(_paths.SysRoot, "class", "net", netDev), net);
                // qmi_wwan's switch between 802.3 and raw IP framing (Y/N), which the host sets to match WDA.
                if (spec.Driver == "qmi_wwan") { Directory.CreateDirectory(Path.Combine(net, "qmi")); Write(Path.Combine(net, "qmi"), "raw_ip", "N"); }
            }
        }
        Directory.Move(dev, finalDev);
        _created.Insert(0, finalDev);
    }

    private void CreatePortNode(string intf, PortBinding port)
    {
        string dir, cls;
        string major;
        if (port.KernelName.StartsWith("ttyUSB", StringComparison.Ordinal))
        {
            dir = Path.Combine(intf, port.KernelName);
            Directory.CreateDirectory(Path.Combine(dir, "tty", port.KernelName));
            Write(Path.Combine(dir, "tty", port.KernelName), "dev", $"188:{port.KernelName[6..]}");
            cls = "tty";
            major = "188";
        }
        else if (port.KernelName.StartsWith("ttyACM", StringComparison.Ordinal))
        {
            dir = Path.Combine(intf, "tty", port.KernelName);
            cls = "tty";
            major = "166";
        }
        else
        {
            dir = Path.Combine(intf, "usbmisc", port.KernelName);
            cls = "usbmisc";
            major = "180";
        }
        Directory.CreateDirectory(dir);
        var minor = new string(port.KernelName.Where(char.IsDigit).ToArray());
        Write(dir, "dev", $"{major}:{minor}");
        Write(dir, "uevent", $"DEVNAME={port.KernelName}");
        Link(Path.Combine(_paths.SysRoot, "class", cls, port.KernelName), dir);
        Directory.CreateDirectory(_paths.DevRoot);
        Link(_paths.Dev(port.KernelName), port.PtsPath);
    }

    /// <summary>Removes everything this tree created (the device went off the bus).</summary>
    public void Remove()
    {
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            var path = _created[i];
            try
            {
                var info = new FileInfo(path);
                if (info.LinkTarget is not null || File.Exists(path)) File.Delete(path);
                else if (Directory.Exists(path)) Directory.Delete(path, true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        _created.Clear();
    }

    private void Write(string dir, string name, string value) => File.WriteAllText(Path.Combine(dir, name), value + "\n");

    private void Link(string link, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (new FileInfo(link).LinkTarget is not null || File.Exists(link)) File.Delete(link);
        File.CreateSymbolicLink(link, target);
        _created.Add(link);
    }
}
