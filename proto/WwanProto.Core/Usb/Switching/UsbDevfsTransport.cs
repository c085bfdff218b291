using WwanProto.Core.Native;

namespace WwanProto.Core.Usb.Switching;

/// <summary>Mode-switch transfers through usbdevfs ioctls, the same calls libusb makes for usbmode.</summary>
public sealed class UsbDevfsTransport : IUsbTransport
{
    public IUsbDeviceHandle Open(string usbfsPath)
    {
        var fd = Libc.Open(usbfsPath, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Libc.LastErrno;
            throw new UsbTransportException("open", usbfsPath, errno, Libc.StrError(errno));
        }
        return new Handle(new UnixFd(fd, usbfsPath));
    }

    private sealed unsafe class Handle(UnixFd fd) : IUsbDeviceHandle
    {
        private static readonly UsbDevfs.Requests R = UsbDevfs.Current;

        public void DetachKernelDriver(int interfaceNumber)
        {
            var request = new UsbDevfs.IoctlRequest { Interface = interfaceNumber, Code = (int)R.Disconnect, Data = null };
            if (Libc.IoctlPtr(fd.Value, R.Ioctl, &request) < 0 && Libc.LastErrno != UsbDevfs.ENODATA)
                Fail($"USBDEVFS_DISCONNECT (interface {interfaceNumber})");
        }

        public void ClaimInterface(int interfaceNumber)
        {
            var n = (uint)interfaceNumber;
            if (Libc.IoctlPtr(fd.Value, R.ClaimInterface, &n) < 0) Fail($"USBDEVFS_CLAIMINTERFACE (interface {interfaceNumber})");
        }

        public void ReleaseInterface(int interfaceNumber)
        {
            var n = (uint)interfaceNumber;
            if (Libc.IoctlPtr(fd.Value, R.ReleaseInterface, &n) < 0) Fail($"USBDEVFS_RELEASEINTERFACE (interface {interfaceNumber})");
        }

        public void Reset()
        {
            if (Libc.IoctlPtr(fd.Value, R.Reset, null) < 0) Fail("USBDEVFS_RESET");
        }

        public int BulkOut(int endpoint, ReadOnlySpan<byte> data, TimeSpan timeout)
        {
            fixed (byte* p = data) return Bulk(endpoint, p, data.Length, timeout, "bulk OUT");
        }

        public int BulkIn(int endpoint, Span<byte> buffer, TimeSpan timeout)
        {
            fixed (byte* p = buffer) return Bulk(endpoint | 0x80, p, buffer.Length, timeout, "bulk IN");
        }

        private int Bulk(int endpoint, byte* data, int length, TimeSpan timeout, string what)
        {
            var transfer = new UsbDevfs.BulkTransfer
            {
                Endpoint = (uint)endpoint, Length = (uint)length, TimeoutMs = (uint)Math.Max(1, timeout.TotalMilliseconds), Data = data,
            };
            int n;
            do n = Libc.IoctlPtr(fd.Value, R.Bulk, &transfer);
            while (n < 0 && Libc.LastErrno == Libc.EINTR);
            if (n < 0) Fail($"USBDEVFS_BULK {what} endpoint 0x{endpoint:x2}");
            return n;
        }

        private void Fail(string operation)
        {
            var errno = Libc.LastErrno;
            throw new UsbTransportException(operation, fd.Path, errno, Libc.StrError(errno));
        }

        public void Dispose() => fd.Dispose();
    }
}
