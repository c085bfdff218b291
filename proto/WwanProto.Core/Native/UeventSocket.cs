using WwanProto.Core.Usb;

namespace WwanProto.Core.Native;

/// <summary>
/// The kernel's uevents as they happen: a NETLINK_KOBJECT_UEVENT socket bound to the kernel's multicast group,
/// the same source udev and procd read (no udev or procd needed: works on OpenWrt and Debian alike). A thread
/// waits in poll(2) on it and on a wake pipe, parses each datagram (<see cref="Uevent.Parse"/>) and hands the
/// events to <paramref name="received"/>. Unprivileged processes may listen (the kernel allows it for this family).
/// </summary>
public sealed unsafe class UeventSocket : IDisposable
{
    private readonly UnixFd _socket;
    private readonly UnixFd _wakeRead, _wakeWrite;
    private readonly Action<Uevent> _received;
    private readonly Thread _reader;
    private volatile bool _disposed;

    private UeventSocket(UnixFd socket, UnixFd wakeRead, UnixFd wakeWrite, Action<Uevent> received)
    {
        _socket = socket;
        _wakeRead = wakeRead;
        _wakeWrite = wakeWrite;
        _received = received;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "uevents" };
        _reader.Start();
    }

    /// <summary>Opens and binds the socket and starts listening; throws <see cref="NativeException"/> when the kernel refuses.</summary>
    public static UeventSocket Open(Action<Uevent> received)
    {
        var fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, Libc.NETLINK_KOBJECT_UEVENT);
        if (fd < 0) throw NativeException.Last("socket(NETLINK_KOBJECT_UEVENT)");
        var socket = new UnixFd(fd, "netlink:kobject-uevent");
        try
        {
            // pid 0: the kernel picks our port id; group 1: the kernel's own broadcasts.
            var address = new Libc.SockaddrNl { Family = Libc.AF_NETLINK, Groups = 1 };
            if (Libc.Bind(fd, &address, (uint)sizeof(Libc.SockaddrNl)) != 0) throw NativeException.Last("bind", socket.Path);
            var pipe = stackalloc int[2];
            if (Libc.Pipe2(pipe, Libc.O_NONBLOCK | Libc.O_CLOEXEC) != 0) throw NativeException.Last("pipe2");
            return new UeventSocket(socket, new UnixFd(pipe[0], "uevent-wake"), new UnixFd(pipe[1], "uevent-wake"), received);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[Uevent.MaxSize + 1];
        var fds = stackalloc Libc.PollFd[2];
        try
        {
            while (!_disposed)
            {
                fds[0] = new Libc.PollFd { Fd = _socket.Value, Events = Libc.POLLIN };
                fds[1] = new Libc.PollFd { Fd = _wakeRead.Value, Events = Libc.POLLIN };
                if (Libc.Poll(fds, 2, -1) < 0)
                {
                    if (Libc.LastErrno == Libc.EINTR) continue;
                    throw NativeException.Last("poll", _socket.Path);
                }
                if (_disposed || fds[1].Revents != 0) break;
                // One datagram per read; a longer one is cut at the buffer and rejected by the parser as too long.
                while (ReadOne(buffer) is var n and not 0)
                {
                    if (n < 0) _received(Uevent.Overflow);
                    else if (Uevent.Parse(buffer.AsSpan(0, n)) is { } e) _received(e);
                }
            }
        }
        catch (NativeException) when (_disposed)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Bytes of the next datagram; 0 when none is waiting; -1 when the kernel dropped events (ENOBUFS: our buffer overflowed).</summary>
    private int ReadOne(byte[] buffer)
    {
        try
        {
            return Math.Max(_socket.Read(buffer), 0);
        }
        catch (NativeException e) when (e.Errno == ENOBUFS)
        {
            return -1;
        }
    }

    private const int ENOBUFS = 105;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { _wakeWrite.WriteAll([1], 1000); }
        catch (NativeException) { }
        _reader.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
        _wakeRead.Dispose();
        _wakeWrite.Dispose();
    }
}
