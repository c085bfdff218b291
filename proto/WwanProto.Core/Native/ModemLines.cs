namespace WwanProto.Core.Native;

/// <summary>Modem control lines (DTR) on a serial fd: TIOCMBIC/TIOCMBIS.</summary>
public static unsafe class ModemLines
{
    /// <summary>Raises or drops DTR; false when the device has no modem lines (a pty, a socket).</summary>
    public static bool TrySetDtr(int fd, bool on)
    {
        var bits = Libc.TIOCM_DTR;
        return Libc.Ioctl(fd, on ? Libc.TIOCMBIS : Libc.TIOCMBIC, &bits) == 0;
    }
}
