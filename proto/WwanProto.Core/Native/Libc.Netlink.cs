using System.Runtime.InteropServices;

namespace WwanProto.Core.Native;

internal static unsafe partial class Libc
{
    public const int AF_NETLINK = 16, SOCK_DGRAM = 2, SOCK_NONBLOCK = O_NONBLOCK, SOCK_CLOEXEC = O_CLOEXEC;

    /// <summary>The kernel's uevent multicast (linux/netlink.h); group 1 is the kernel's own, group 2 udev's re-broadcast.</summary>
    public const int NETLINK_KOBJECT_UEVENT = 15;

    /// <summary>struct sockaddr_nl.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    [LibraryImport(Lib, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Lib, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, SockaddrNl* address, uint length);
}
