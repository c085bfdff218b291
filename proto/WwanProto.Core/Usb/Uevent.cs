using System.Text;

namespace WwanProto.Core.Usb;

/// <summary>
/// One kernel uevent as the kernel multicasts it on NETLINK_KOBJECT_UEVENT (group 1): a header
/// "ACTION@DEVPATH" and then "KEY=VALUE" fields, each ended by NUL, e.g.
/// "add@/devices/.../1-1\0ACTION=add\0DEVPATH=/devices/.../1-1\0SUBSYSTEM=usb\0DEVTYPE=usb_device\0...".
/// udev's re-broadcasts (group 2, header "libudev") and anything malformed are not uevents: null.
/// </summary>
public sealed record Uevent(string Action, string DevPath, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>What the kernel sends at most (UEVENT_BUFFER_SIZE 2048 of fields plus the header); larger is not a uevent.</summary>
    public const int MaxSize = 8192;

    /// <summary>Stands for events the kernel dropped (the socket's buffer overflowed): any device may have arrived.</summary>
    public static readonly Uevent Overflow = new("overflow", "/", new Dictionary<string, string>());

    public string? Subsystem => Fields.GetValueOrDefault("SUBSYSTEM");
    public string? DevType => Fields.GetValueOrDefault("DEVTYPE");

    /// <summary>A device (or a port of one) arrived, or its driver finished binding.</summary>
    public bool IsArrival => Action is "add" or "bind" || ReferenceEquals(this, Overflow);

    public static Uevent? Parse(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty || message.Length > MaxSize) return null;
        var end = message.IndexOf((byte)0);
        if (end < 0) return null;
        var header = message[..end];
        var at = header.IndexOf((byte)'@');
        if (at <= 0 || at == header.Length - 1 || header[at + 1] != (byte)'/') return null;
        if (!TryText(header[..at], out var action) || !TryText(header[(at + 1)..], out var devPath)) return null;

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = message[(end + 1)..];
        while (!rest.IsEmpty)
        {
            var n = rest.IndexOf((byte)0);
            var field = n < 0 ? rest : rest[..n];
            rest = n < 0 ? [] : rest[(n + 1)..];
            if (field.IsEmpty) continue;
            var eq = field.IndexOf((byte)'=');
            if (eq <= 0 || !TryText(field[..eq], out var key) || !TryText(field[(eq + 1)..], out var value)) return null;
            fields[key] = value;
        }
        // The kernel repeats the header as ACTION= and DEVPATH=; a message that disagrees with itself is not one of its.
        if (fields.GetValueOrDefault("ACTION") != action || fields.GetValueOrDefault("DEVPATH") != devPath) return null;
        return new Uevent(action, devPath, fields);
    }

    /// <summary>Whether this event concerns the USB device <paramref name="usbName"/> ("1-1.2") or, when null, any USB device.</summary>
    public bool Concerns(string? usbName) => ReferenceEquals(this, Overflow) || DevPathConcerns(DevPath, usbName);

    /// <summary>Whether sysfs path <paramref name="devPath"/> lies at or under USB device <paramref name="usbName"/> (any USB path when null).</summary>
    public static bool DevPathConcerns(string devPath, string? usbName)
    {
        foreach (var segment in devPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            // A USB device is "B-P[.P...]", its interfaces "B-P:C.I"; the root hubs are "usbN".
            var device = segment.IndexOf(':') is var colon and > 0 ? segment[..colon] : segment;
            if (usbName is null ? UsbTree.IsDeviceName(device) : device == usbName) return true;
        }
        return false;
    }

    private static bool TryText(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        if (bytes.IsEmpty) return true;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
