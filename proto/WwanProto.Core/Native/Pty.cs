namespace WwanProto.Core.Native;

/// <summary>A pseudo-terminal pair: the simulator keeps the master, the modem port path is the slave's name.</summary>
public sealed unsafe class Pty : IDisposable
{
    private const nuint FIOCLEX = 0x5451;

    public UnixFd Master { get; }
    public UnixFd Slave { get; }
    public string SlavePath { get; }

    private Pty(UnixFd master, UnixFd slave, string slavePath)
    {
        Master = master;
        Slave = slave;
        SlavePath = slavePath;
    }

    /// <summary>Opens a pty in raw mode (no echo, no line discipline), as a USB serial port behaves.</summary>
    public static Pty Open()
    {
        int master, slave;
        var name = stackalloc byte[256];
        Termios raw = default;
        Libc.CfMakeRaw(&raw);
        raw.CFlag |= Termios.CLOCAL | Termios.CREAD | Termios.CS8;
        if (Libc.OpenPty(&master, &slave, name, &raw, null) != 0) throw NativeException.Last("openpty");
        // openpty has no O_CLOEXEC: without it every child started meanwhile (pppd, a DHCP client, ip) would keep the
        // master open, and the port would not vanish for its users when the simulated device does.
        Libc.Ioctl(master, FIOCLEX, null);
        Libc.Ioctl(slave, FIOCLEX, null);
        var path = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)name) ?? "";
        return new Pty(new UnixFd(master, "/dev/ptmx"), new UnixFd(slave, path), path);
    }

    public void Dispose()
    {
        Slave.Dispose();
        Master.Dispose();
    }
}
