namespace WwanProto.Core.Native;

/// <summary>A pseudo-terminal pair: the simulator keeps the master, the modem port path is the slave's name.</summary>
public sealed unsafe class Pty : IDisposable
{
    private const nuint TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431;

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
    /// <remarks>
    /// Both ends are opened with O_CLOEXEC in the open call itself. openpty(3) has no such flag, and setting it
    /// afterwards left a window in which a child started by another thread (pppd, a DHCP client, a handler under
    /// test) inherited the master: the port then did not vanish for its users when the simulated device did, and
    /// the full suite saw a /dev/ptmx in pppd's fds.
    /// </remarks>
    public static Pty Open()
    {
        var master = Libc.Open("/dev/ptmx", Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
        if (master < 0) throw NativeException.Last("open /dev/ptmx");
        try
        {
            int unlock = 0, number = 0;
            if (Libc.Ioctl(master, TIOCSPTLCK, &unlock) != 0) throw NativeException.Last("unlockpt");
            if (Libc.Ioctl(master, TIOCGPTN, &number) != 0) throw NativeException.Last("ptsname");
            var path = $"/dev/pts/{number}";
            var slave = Libc.Open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
            if (slave < 0) throw NativeException.Last($"open {path}");
            Termios raw = default;
            Libc.CfMakeRaw(&raw);
            raw.CFlag |= Termios.CLOCAL | Termios.CREAD | Termios.CS8;
            if (Libc.TcSetAttr(slave, 0 /* TCSANOW */, &raw) != 0)
            {
                var error = NativeException.Last($"tcsetattr {path}");
                Libc.Close(slave);
                throw error;
            }
            return new Pty(new UnixFd(master, "/dev/ptmx"), new UnixFd(slave, path), path);
        }
        catch
        {
            Libc.Close(master);
            throw;
        }
    }

    public void Dispose()
    {
        Slave.Dispose();
        Master.Dispose();
    }
}
