namespace WwanProto.Core.Usb.Switching;

/// <summary>
/// The USB operations a mode switch (and a recovery reset) needs. Production: usbdevfs ioctls on /dev/bus/usb/BBB/DDD
/// (<see cref="UsbDevfsTransport"/>); tests: a double that checks the exact transfers or hands them to the simulator.
/// </summary>
public interface IUsbTransport
{
    /// <summary>Opens the device by its usbdevfs node; throws <see cref="UsbTransportException"/>.</summary>
    IUsbDeviceHandle Open(string usbfsPath);
}

public interface IUsbDeviceHandle : IDisposable
{
    /// <summary>Unbinds the kernel driver (usb-storage) from the interface; no driver bound is fine.</summary>
    void DetachKernelDriver(int interfaceNumber);
    void ClaimInterface(int interfaceNumber);
    /// <summary>Writes all of <paramref name="data"/> to a bulk OUT endpoint; returns the bytes written.</summary>
    int BulkOut(int endpoint, ReadOnlySpan<byte> data, TimeSpan timeout);
    /// <summary>Reads from a bulk IN endpoint; returns the bytes read.</summary>
    int BulkIn(int endpoint, Span<byte> buffer, TimeSpan timeout);
    void ReleaseInterface(int interfaceNumber);
    /// <summary>
    /// USBDEVFS_RESET: the port resets the device, which re-enumerates (its interfaces are unbound and bound again).
    /// The last rung of a recovery ladder for a device that no longer answers on any interface.
    /// </summary>
    void Reset();
}

/// <summary>A usbdevfs operation failed; names the operation, the node and errno's text.</summary>
public sealed class UsbTransportException(string operation, string path, int errno, string detail)
    : IOException($"{operation} on {path}: {detail}")
{
    public string Operation { get; } = operation;
    public int Errno { get; } = errno;
}
