using WwanProto.Core.Session;

namespace WwanProto.Core.Usb;

/// <summary>
/// The outcome of resolving a `device` option: the USB device, or an error (NO_DEVICE, AMBIGUOUS_DEVICE)
/// whose message names what was looked for and the candidates seen. <see cref="PortName"/> is set when
/// the option named one port (legacy "/dev/ttyUSB2"), so the session can prefer it.
/// </summary>
public sealed record DeviceResolution(UsbDevice? Device, SessionError? Error, string? PortName = null)
{
    public bool Found => Device is not null;

    public static DeviceResolution Of(UsbDevice device, string? portName = null) => new(device, null, portName);

    public static DeviceResolution Fail(string code, string message) => new(null, new SessionError(code, message));

    /// <summary>The device, or a <see cref="SessionException"/> carrying the error.</summary>
    public UsbDevice Require() => Device ?? throw new SessionException(Error!);
}
