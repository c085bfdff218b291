using System.Diagnostics;
using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Tests.At;

/// <summary>
/// The modem side of a real pty: the test scripts what the "modem" prints on the master, the code under test
/// opens the slave path as its serial port.
/// </summary>
internal sealed unsafe class PtyPeer : IDisposable
{
    private readonly Pty _pty = Pty.Open();
    private readonly List<byte> _received = [];
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public string Path => _pty.SlavePath;

    /// <summary>Reads what the channel wrote up to the next CR: the command text.</summary>
    public string ReadCommand() => ReadCommand(Bound) ?? throw new TimeoutException("no command arrived on the pty");

    public string? ReadCommand(TimeSpan bound)
    {
        var sw = Stopwatch.StartNew();
        var buf = new byte[256];
        while (true)
        {
            var cr = _received.IndexOf((byte)'\r');
            if (cr >= 0)
            {
                var text = Encoding.Latin1.GetString(_received.GetRange(0, cr).ToArray());
                _received.RemoveRange(0, cr + 1);
                return text;
            }
            var left = bound - sw.Elapsed;
            if (left <= TimeSpan.Zero) return null;
            if ((_pty.Master.Poll(Libc.POLLIN, (int)Math.Max(1, left.TotalMilliseconds)) & Libc.POLLIN) == 0) continue;
            var n = _pty.Master.Read(buf);
            if (n > 0) _received.AddRange(buf.AsSpan(0, n));
        }
    }

    /// <summary>Whether the channel has written anything not yet read (after waiting <paramref name="ms"/>).</summary>
    public bool HasPendingInput(int ms = 0) =>
        _received.Count > 0 || (_pty.Master.Poll(Libc.POLLIN, ms) & Libc.POLLIN) != 0;

    public void Write(string text) => _pty.Master.WriteAll(Encoding.Latin1.GetBytes(text));

    public void Write(byte[] bytes) => _pty.Master.WriteAll(bytes);

    private long _written;

    /// <summary>
    /// Writes <paramref name="text"/> in two parts, the second only after the channel's reader has taken every
    /// byte written so far, so the channel really sees a read that ends at <paramref name="split"/>.
    /// </summary>
    public void WriteSplit(string text, int split, Func<long> channelBytesRead)
    {
        WriteCounted(text[..split]);
        WaitConsumed(channelBytesRead);
        WriteCounted(text[split..]);
        WaitConsumed(channelBytesRead);
    }

    public void WriteCounted(string text)
    {
        Write(text);
        _written += text.Length;
    }

    public void WaitConsumed(Func<long> channelBytesRead)
    {
        var sw = Stopwatch.StartNew();
        while (channelBytesRead() < _written)
        {
            if (sw.Elapsed > Bound) throw new TimeoutException("the channel did not read its input");
            Thread.Sleep(1);
        }
    }

    /// <summary>The modem vanishes: the slave side sees hang-up/EIO.</summary>
    public void Vanish()
    {
        _pty.Master.Dispose();
    }

    public void Dispose() => _pty.Dispose();
}
