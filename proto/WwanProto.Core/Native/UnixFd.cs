namespace WwanProto.Core.Native;

/// <summary>An owned file descriptor with the few operations the port code needs.</summary>
public sealed unsafe class UnixFd : IDisposable
{
    private int _fd;
    public string Path { get; }

    public UnixFd(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public int Value => _fd >= 0 ? _fd : throw new ObjectDisposedException(Path);
    public bool IsClosed => _fd < 0;

    public static UnixFd Open(string path, int flags, int mode = 0)
    {
        var fd = Libc.Open(path, flags | Libc.O_CLOEXEC, mode);
        if (fd < 0) throw NativeException.Last("open", path);
        return new UnixFd(fd, path);
    }

    /// <summary>Reads what is available; 0 means end of file, -1 means nothing available now (non-blocking).</summary>
    public int Read(Span<byte> buffer)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = Libc.Read(Value, p, buffer.Length);
            if (n >= 0) return (int)n;
            var errno = Libc.LastErrno;
            if (errno == Libc.EINTR) continue;
            if (errno == Libc.EAGAIN) return -1;
            throw new NativeException("read", errno, Path);
        }
    }

    /// <summary>Writes all of <paramref name="data"/>, waiting for writability up to <paramref name="timeoutMs"/> per chunk.</summary>
    public void WriteAll(ReadOnlySpan<byte> data, int timeoutMs = 2000)
    {
        while (!data.IsEmpty)
        {
            nint n;
            fixed (byte* p = data) n = Libc.Write(Value, p, data.Length);
            if (n > 0) { data = data[(int)n..]; continue; }
            var errno = Libc.LastErrno;
            if (errno == Libc.EINTR) continue;
            if (errno != Libc.EAGAIN) throw new NativeException("write", errno, Path);
            if ((Poll(Libc.POLLOUT, timeoutMs) & Libc.POLLOUT) == 0)
                throw new NativeException("write (timed out)", Libc.EAGAIN, Path);
        }
    }

    /// <summary>Waits for <paramref name="events"/>; returns the revents (0 on timeout).</summary>
    public short Poll(short events, int timeoutMs)
    {
        var pfd = new Libc.PollFd { Fd = Value, Events = events };
        while (true)
        {
            var r = Libc.Poll(&pfd, 1, timeoutMs);
            if (r > 0) return pfd.Revents;
            if (r == 0) return 0;
            var errno = Libc.LastErrno;
            if (errno != Libc.EINTR) throw new NativeException("poll", errno, Path);
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Libc.Close(fd);
    }
}
