namespace WwanProto.Core.Native;

/// <summary>How a serial port is set up. The defaults suit USB modem ports (the baud rate is ignored by USB serial, but a sane one is set).</summary>
public sealed record SerialOptions
{
    public int Baud { get; init; } = 115200;

    /// <summary>RTS/CTS handshaking. Off for USB modem ports, which have no real lines.</summary>
    public bool HardwareFlowControl { get; init; }

    /// <summary>termios VMIN/VTIME. VMIN=1 makes a 0-byte read mean end of file, which the channel treats as a vanished port.</summary>
    public byte VMin { get; init; } = 1;
    public byte VTime { get; init; }

    /// <summary>Discard whatever the modem printed before we opened the port (stale answers, boot URCs).</summary>
    public bool FlushOnOpen { get; init; } = true;

    /// <summary>flock(LOCK_EX|LOCK_NB) on the fd, so two of our own processes never share a port.</summary>
    public bool Exclusive { get; init; } = true;

    public static readonly SerialOptions Default = new();
}

/// <summary>Opening and configuring a tty as a raw 8N1 serial line, and its modem-control lines.</summary>
public static unsafe class SerialPort
{
    private const int EWOULDBLOCK = Libc.EAGAIN;

    /// <summary>
    /// Opens <paramref name="path"/> non-blocking, without becoming its controlling terminal, in raw mode.
    /// Throws <see cref="PortBusyException"/> when another process holds the port's flock,
    /// <see cref="NativeException"/> (errno + path) for everything else.
    /// </summary>
    public static UnixFd Open(string path, SerialOptions? options = null)
    {
        options ??= SerialOptions.Default;
        var fd = UnixFd.Open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK);
        try
        {
            if (options.Exclusive) LockExclusive(fd, path);
            // A cdc-wdm node (AT over encapsulated commands, §1.8) is no tty: no line settings, nothing to flush.
            if (Configure(fd, options) && options.FlushOnOpen) Flush(fd, Termios.TCIOFLUSH);
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// flock(LOCK_EX|LOCK_NB), retried for a short bounded while: a child being forked anywhere in this process
    /// (pppd, a DHCP client, a test's helper) holds a copy of every fd until it execs, so a lock we released a
    /// moment ago can still look taken. A real owner keeps it longer than the bound and is reported busy.
    /// </summary>
    private static void LockExclusive(UnixFd fd, string path)
    {
        const int Tries = 20, PauseMs = 10;
        for (var attempt = 1; ; attempt++)
        {
            if (Libc.Flock(fd.Value, Libc.LOCK_EX | Libc.LOCK_NB) == 0) return;
            var errno = Libc.LastErrno;
            if (errno == Libc.EINTR) continue;
            if (errno != EWOULDBLOCK) throw new NativeException("flock", errno, path);
            if (attempt == Tries) throw new PortBusyException(path, null, "another process holds an exclusive lock on it");
            Libc.Poll(null, 0, PauseMs);
        }
    }

    /// <summary>
    /// Raw 8N1, receiver on, modem-control lines ignored (CLOCAL), optional RTS/CTS.
    /// Returns false when the fd is not a terminal (ENOTTY/EINVAL), which is left as it is.
    /// </summary>
    public static bool Configure(UnixFd fd, SerialOptions options)
    {
        Termios t;
        if (Libc.TcGetAttr(fd.Value, &t) != 0)
        {
            var errno = Libc.LastErrno;
            if (errno is Libc.ENOTTY or Libc.EINVAL) return false;
            throw new NativeException("tcgetattr", errno, fd.Path);
        }
        Libc.CfMakeRaw(&t);
        t.CFlag &= ~(Termios.CSIZE | Termios.PARENB | Termios.CSTOPB | Termios.CRTSCTS);
        t.CFlag |= Termios.CS8 | Termios.CREAD | Termios.CLOCAL;
        if (options.HardwareFlowControl) t.CFlag |= Termios.CRTSCTS;
        t.Cc[Termios.VMIN] = options.VMin;
        t.Cc[Termios.VTIME] = options.VTime;
        var speed = Termios.SpeedConstant(options.Baud)
            ?? throw new ArgumentException($"unsupported baud rate {options.Baud}", nameof(options));
        if (Libc.CfSetISpeed(&t, speed) != 0 || Libc.CfSetOSpeed(&t, speed) != 0)
            throw NativeException.Last("cfsetspeed", fd.Path);
        if (Libc.TcSetAttr(fd.Value, Termios.TCSANOW, &t) != 0) throw NativeException.Last("tcsetattr", fd.Path);
        return true;
    }

    /// <summary>Discards unread input (TCIFLUSH), unsent output (TCOFLUSH) or both (TCIOFLUSH).</summary>
    public static void Flush(UnixFd fd, int queue = Termios.TCIOFLUSH)
    {
        if (Libc.TcFlush(fd.Value, queue) != 0) throw NativeException.Last("tcflush", fd.Path);
    }

    /// <summary>
    /// Raises or drops DTR. Dropping DTR makes a modem in data mode hang up. Returns false when the device
    /// has no modem-control lines (a pty answers ENOTTY or EINVAL), which is not an error for us.
    /// </summary>
    public static bool SetDtr(UnixFd fd, bool on)
    {
        var bits = Libc.TIOCM_DTR;
        if (Libc.Ioctl(fd.Value, on ? Libc.TIOCMBIS : Libc.TIOCMBIC, &bits) == 0) return true;
        var errno = Libc.LastErrno;
        if (errno is Libc.ENOTTY or Libc.EINVAL) return false;
        throw new NativeException(on ? "ioctl(TIOCMBIS)" : "ioctl(TIOCMBIC)", errno, fd.Path);
    }
}
