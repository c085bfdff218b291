namespace WwanProto.Core.Usb;

/// <summary>How a port appears to the host.</summary>
public enum PortKind
{
    /// <summary>ttyUSBn (usb-serial) or ttyACMn (cdc_acm).</summary>
    Tty,
    /// <summary>/dev/cdc-wdmN (usbmisc).</summary>
    CdcWdm,
    /// <summary>A network interface.</summary>
    Net,
}

/// <summary>
/// One thing hanging under a USB interface: a tty, a cdc-wdm node or a netdev, with the role its
/// interface descriptor gives it. <see cref="Name"/> is the kernel name ("ttyUSB2", "cdc-wdm0", "wwan0").
/// </summary>
public sealed record UsbPort(PortKind Kind, string Name, int InterfaceNumber, PortRole Role)
{
    /// <summary>The device node ("&lt;DevRoot&gt;/ttyUSB2"); null for a netdev.</summary>
    public string? DevicePath(SystemPaths paths) => Kind == PortKind.Net ? null : paths.Dev(Name);

    public override string ToString() => $"{Name} ({Role.Name()}, If{InterfaceNumber})";
}
