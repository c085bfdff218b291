using System.Globalization;
using WwanProto.Core.Session;

namespace WwanProto.Core.Usb;

/// <summary>
/// Turns the `device` option into one USB device of the current tree. A pure function of the tree
/// (plus IMEI answers for imei:), so callers re-run it after every re-enumeration instead of keeping
/// tty names, which change on replug. Forms (ValueRules.Device checks the syntax):
/// <list type="bullet">
/// <item>"auto": the only modem present</item>
/// <item>"1-1.2", "1-1.2:1.0", "/sys/bus/usb/devices/1-1.2", "/sys/devices/.../1-1.2": by USB port path</item>
/// <item>"12d1:1506": the first such device by port path; "12d1:1506@2": the second (1-based)</item>
/// <item>"imei:861234567890123": the modem that reports this IMEI</item>
/// <item>"/dev/ttyUSB2", "/dev/cdc-wdm0": the device owning that port (legacy configs)</item>
/// </list>
/// </summary>
public static class DeviceResolver
{
    /// <summary>Resolves every form but imei: (which needs the modem to answer; use <see cref="ResolveAsync"/>).</summary>
    public static DeviceResolution Resolve(UsbTree tree, string device)
    {
        device = device.Trim();
        if (device.StartsWith("imei:", StringComparison.Ordinal))
            return DeviceResolution.Fail(ErrorCodes.NoDevice, $"device '{device}': resolving an IMEI needs the modems to answer AT+CGSN");
        return ResolveStatic(tree, device);
    }

    public static async Task<DeviceResolution> ResolveAsync(UsbTree tree, string device, IImeiLookup? imeiLookup, CancellationToken cancellationToken = default)
    {
        device = device.Trim();
        if (!device.StartsWith("imei:", StringComparison.Ordinal)) return ResolveStatic(tree, device);

        var wanted = device[5..];
        var candidates = tree.Modems.Where(d => d.Kind != ModemKind.Storage && d.Ports.Any(p => p.Role.MayProbe())).ToArray();
        if (candidates.Length == 0)
            return DeviceResolution.Fail(ErrorCodes.NoDevice, $"device '{device}': no modem with an AT port is present{Seen(tree)}");
        if (imeiLookup is null)
            return DeviceResolution.Fail(ErrorCodes.NoDevice, $"device '{device}': cannot ask the modems for their IMEI here");

        // Ask all candidates at once: each answer takes a round trip, and two identical sticks are the usual case.
        var answers = await Task.WhenAll(candidates.Select(async d =>
        {
            try { return (Device: d, Imei: await imeiLookup.GetImeiAsync(d, cancellationToken).ConfigureAwait(false)); }
            catch (Exception e) when (e is not OperationCanceledException) { return (Device: d, Imei: (string?)null); }
        })).ConfigureAwait(false);
        var match = answers.FirstOrDefault(a => a.Imei == wanted);
        if (match.Device is not null) return DeviceResolution.Of(match.Device);
        var seen = string.Join(", ", answers.Select(a => $"{a.Device.Name} {a.Device.Id} imei {a.Imei ?? "(no answer)"}"));
        return DeviceResolution.Fail(ErrorCodes.NoDevice, $"device '{device}': no modem reports this IMEI (asked: {seen})");
    }

    private static DeviceResolution ResolveStatic(UsbTree tree, string device)
    {
        if (device is "" or "auto") return Auto(tree);
        if (device.StartsWith("/dev/", StringComparison.Ordinal)) return ByPort(tree, device);
        if (device.StartsWith('/')) return ByUsbName(tree, device, UsbNameFromSysPath(device));
        if (IsVidPid(device, out var vendor, out var product, out var index)) return ByVidPid(tree, device, vendor, product, index);
        return ByUsbName(tree, device, StripInterface(device));
    }

    private static DeviceResolution Auto(UsbTree tree)
    {
        var modems = tree.Modems.ToArray();
        return modems.Length switch
        {
            1 => DeviceResolution.Of(modems[0]),
            0 => DeviceResolution.Fail(ErrorCodes.NoDevice, $"device 'auto': no modem found{Seen(tree)}"),
            _ => DeviceResolution.Fail(ErrorCodes.AmbiguousDevice,
                $"device 'auto': {modems.Length} modems found: {string.Join("; ", modems.Select(m => m.Describe()))}; set device to one of these USB paths, a vid:pid@n or imei:"),
        };
    }

    private static DeviceResolution ByUsbName(UsbTree tree, string device, string? name)
    {
        if (name is null)
            return DeviceResolution.Fail(ErrorCodes.NoDevice, $"device '{device}': not a USB device path (expected e.g. 1-1.2 or /sys/bus/usb/devices/1-1.2)");
        var found = tree.Find(name);
        return found is not null ? DeviceResolution.Of(found)
            : DeviceResolution.Fail(ErrorCodes.NoDevice, $"device '{device}': no USB device at port {name}{Seen(tree)}");
    }

    private static DeviceResolution ByVidPid(UsbTree tree, string device, int vendor, int product, int index)
    {
        var matches = tree.Devices.Where(d => d.Vendor == vendor && d.Product == product).ToArray();
        if (index <= matches.Length) return DeviceResolution.Of(matches[index - 1]);
        var what = matches.Length == 0 ? $"no {UsbIds.Format(vendor, product)} device is present"
            : $"only {matches.Length} {UsbIds.Format(vendor, product)} device(s) present ({string.Join(", ", matches.Select(m => m.Name))})";
        return DeviceResolution.Fail(ErrorCodes.NoDevice, $"device '{device}': {what}{Seen(tree)}");
    }

    private static DeviceResolution ByPort(UsbTree tree, string device)
    {
        var portName = PortNameFromDevPath(tree.Paths, device);
        var owner = tree.OwnerOfPort(portName);
        return owner is not null ? DeviceResolution.Of(owner, portName)
            : DeviceResolution.Fail(ErrorCodes.NoDevice, $"device '{device}': no USB modem has a port named {portName}{Seen(tree)}");
    }

    /// <summary>"/dev/ttyUSB2" -> "ttyUSB2"; a udev-style symlink (/dev/serial/by-id/...) is followed first.</summary>
    private static string PortNameFromDevPath(SystemPaths paths, string device)
    {
        var path = device;
        if (!string.Equals(paths.DevRoot, "/dev", StringComparison.Ordinal) && device.StartsWith("/dev/", StringComparison.Ordinal))
            path = Path.Combine(paths.DevRoot, device[5..]);
        try
        {
            // Only follow links that stay inside the dev root: in the simulator /dev/ttyUSB0 links to a pty.
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target && !target.StartsWith("/dev/pts/", StringComparison.Ordinal))
            {
                var resolved = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                if (resolved is not null) return Path.GetFileName(resolved);
            }
        }
        catch (IOException) { }
        return Path.GetFileName(device);
    }

    /// <summary>The USB device component of a sysfs path: the last "N-..." component, without ":1.x".</summary>
    private static string? UsbNameFromSysPath(string path)
    {
        foreach (var part in Enumerable.Reverse(path.Split('/', StringSplitOptions.RemoveEmptyEntries)))
        {
            var name = StripInterface(part);
            if (UsbTree.IsDeviceName(name)) return name;
        }
        return null;
    }

    private static string StripInterface(string name)
    {
        var colon = name.IndexOf(':');
        return colon < 0 ? name : name[..colon];
    }

    private static bool IsVidPid(string text, out int vendor, out int product, out int index)
    {
        index = 1;
        var at = text.IndexOf('@');
        var id = at < 0 ? text : text[..at];
        if (!UsbIds.TryParse(id, out vendor, out product)) return false;
        if (at < 0) return true;
        return int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index) && index >= 1;
    }

    private static string Seen(UsbTree tree) =>
        tree.Devices.Count == 0 ? " (no USB devices present)"
            : $" (USB devices present: {string.Join("; ", tree.Devices.Select(d => d.Describe()))})";
}
