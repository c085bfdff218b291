using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Tests.Sim;

/// <summary>A bare pty client for testing the simulator itself: write bytes, collect what comes back.</summary>
internal sealed class RawPortClient : IDisposable
{
    private const int ORdwr = 0x2, ONoctty = 0x100, ONonblock = 0x800;
    private const short PollIn = 0x1, PollHup = 0x10, PollErr = 0x8;
    private readonly UnixFd _fd;
    private readonly StringBuilder _received = new();

    public RawPortClient(string path) => _fd = UnixFd.Open(path, ORdwr | ONoctty | ONonblock);

    /// <summary>Everything read so far (Latin-1).</summary>
    public string Received => _received.ToString();

    /// <summary>The port hung up or gave EIO (device gone).</summary>
    public bool Gone { get; private set; }

    public void Write(string text) => _fd.WriteAll(Encoding.Latin1.GetBytes(text));

    /// <summary>Sends "cmd\r" and returns the new text once <paramref name="until"/> appears (or the timeout passes).</summary>
    public string Command(string cmd, string until = "\r\nOK\r\n", int timeoutMs = 10000)
    {
        var start = _received.Length;
        Write(cmd + "\r");
        ReadUntil(s => s.Contains(until, StringComparison.Ordinal) || s.Contains("ERROR", StringComparison.Ordinal)
            || s.Contains("COMMAND NOT SUPPORT", StringComparison.Ordinal), start, timeoutMs);
        return _received.ToString(start, _received.Length - start);
    }

    /// <summary>Reads until the text since <paramref name="from"/> satisfies <paramref name="done"/>; false on timeout.</summary>
    public bool ReadUntil(Func<string, bool> done, int from, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var buffer = new byte[4096];
        while (!done(_received.ToString(from, _received.Length - from)))
        {
            var left = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
            if (left <= 0 || Gone) return false;
            var rev = _fd.Poll(PollIn, Math.Min(left, 100));
            if ((rev & PollIn) != 0)
            {
                try
                {
                    var n = _fd.Read(buffer);
                    if (n > 0) { _received.Append(Encoding.Latin1.GetString(buffer, 0, n)); continue; }
                    if (n == 0) { Gone = true; return false; }
                }
                catch (NativeException) { Gone = true; return false; }
            }
            if ((rev & (PollHup | PollErr)) != 0) { Gone = true; return false; }
        }
        return true;
    }

    /// <summary>Collects for a while (for "nothing comes back" checks).</summary>
    public string Drain(int ms)
    {
        var start = _received.Length;
        ReadUntil(_ => false, start, ms);
        return _received.ToString(start, _received.Length - start);
    }

    public void Dispose() => _fd.Dispose();
}
