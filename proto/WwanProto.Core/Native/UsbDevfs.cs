using System.Runtime.InteropServices;

namespace WwanProto.Core.Native;

/// <summary>
/// usbdevfs (linux/usbdevice_fs.h) request numbers and argument structs. Request numbers encode the
/// argument size, which differs between 64-bit and 32-bit ABIs because the structs hold a pointer; they
/// are computed with the generic _IOC layout (x86, arm, arm64; not mips/powerpc, which AOT does not target).
/// </summary>
internal static unsafe class UsbDevfs
{
    private const int IocNone = 0, IocWrite = 1, IocRead = 2;

    [StructLayout(LayoutKind.Sequential)]
    public struct BulkTransfer
    {
        public uint Endpoint;
        public uint Length;
        public uint TimeoutMs;
        public void* Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoctlRequest
    {
        public int Interface;
        public int Code;
        public void* Data;
    }

    /// <summary>Every request number for one pointer size (8 on 64-bit, 4 on 32-bit).</summary>
    public readonly record struct Requests(uint Bulk, uint ClaimInterface, uint ReleaseInterface, uint Ioctl, uint Disconnect, uint ClearHalt, uint Reset)
    {
        public static Requests For(int pointerSize)
        {
            // struct usbdevfs_bulktransfer { uint ep, len, timeout; void *data; } / struct usbdevfs_ioctl { int ifno, ioctl_code; void *data; }
            var bulkSize = pointerSize == 8 ? 24 : 16;
            var ioctlSize = pointerSize == 8 ? 16 : 12;
            return new Requests(
                Bulk: Ioc(IocRead | IocWrite, 'U', 2, bulkSize),
                ClaimInterface: Ioc(IocRead, 'U', 15, sizeof(uint)),
                ReleaseInterface: Ioc(IocRead, 'U', 16, sizeof(uint)),
                Ioctl: Ioc(IocRead | IocWrite, 'U', 18, ioctlSize),
                Disconnect: Ioc(IocNone, 'U', 22, 0),
                ClearHalt: Ioc(IocRead, 'U', 21, sizeof(uint)),
                Reset: Ioc(IocNone, 'U', 20, 0));
        }
    }

    public static readonly Requests Current = Requests.For(IntPtr.Size);

    /// <summary>ENODATA: USBDEVFS_DISCONNECT on an interface with no driver bound.</summary>
    public const int ENODATA = 61;
    public const int ETIMEDOUT = 110;

    public static uint Ioc(int dir, char type, int nr, int size) =>
        (uint)((dir << 30) | (size << 16) | ((byte)type << 8) | nr);

    static UsbDevfs()
    {
        // The struct layouts must match the sizes the request numbers encode.
        if (sizeof(BulkTransfer) != (IntPtr.Size == 8 ? 24 : 16) || sizeof(IoctlRequest) != (IntPtr.Size == 8 ? 16 : 12))
            throw new PlatformNotSupportedException("unexpected usbdevfs struct layout");
    }
}
