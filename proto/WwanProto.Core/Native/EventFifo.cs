using System.Text;
using System.Threading.Channels;

namespace WwanProto.Core.Native;

/// <summary>
/// A named pipe (0600) that scripts run by our children (pppd's ip-up/ip-down) write one-line events into.
/// We hold it open read-write, so a writer's open never blocks and we never see end-of-file between writers;
/// a thread waits in poll(2) and hands each complete line to <see cref="Lines"/>.
/// </summary>
public sealed class EventFifo : IDisposable
{
    private readonly UnixFd _fd;
    private readonly Thread _reader;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _disposed;

    private EventFifo(string path, UnixFd fd)
    {
        Path = path;
        _fd = fd;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "event-fifo" };
        _reader.Start();
    }

    public string Path { get; }

    /// <summary>Every line written into the pipe, without its newline; completes when disposed.</summary>
    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Creates the pipe afresh at <paramref name="path"/> (a stale one from an earlier run is replaced).</summary>
    public static EventFifo Create(string path)
    {
        File.Delete(path);
        if (Libc.Mkfifo(path, 0x180) != 0) throw NativeException.Last("mkfifo", path);
        try
        {
            return new EventFifo(path, UnixFd.Open(path, Libc.O_RDWR | Libc.O_NONBLOCK));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private void ReadLoop()
    {
        var pending = new List<byte>();
        var buffer = new byte[512];
        try
        {
            while (!_disposed)
            {
                if ((_fd.Poll(Libc.POLLIN, -1) & Libc.POLLIN) == 0) continue;
                int n;
                while ((n = _fd.Read(buffer)) > 0)
                {
                    for (var i = 0; i < n; i++)
                    {
                        if (buffer[i] != (byte)'\n') { pending.Add(buffer[i]); continue; }
                        if (!_disposed && pending.Count > 0) _lines.Writer.TryWrite(Encoding.UTF8.GetString(pending.ToArray()));
                        pending.Clear();
                    }
                }
            }
        }
        catch (NativeException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    /// <summary>Wakes the reader with an empty line (ignored), waits for it, closes and removes the pipe.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { _fd.WriteAll("\n"u8, 1000); }
        catch (NativeException) { }
        _reader.Join(TimeSpan.FromSeconds(2));
        _fd.Dispose();
        _lines.Writer.TryComplete();
        File.Delete(Path);
    }
}
