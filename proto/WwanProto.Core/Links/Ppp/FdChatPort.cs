using WwanProto.Core.Native;

namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// A chat port on raw fds. The fds are borrowed (pppd owns the tty), so they are never closed here, and
/// their flags are left alone: they share one open file description with pppd.
/// </summary>
public sealed class FdChatPort(int readFd, int writeFd, string name) : IChatPort
{
    private readonly UnixFd _in = new(readFd, name);
    private readonly UnixFd _out = new(writeFd, name);

    public byte? ReadByte(int timeoutMs)
    {
        var revents = _in.Poll(Libc.POLLIN, timeoutMs);
        if (revents == 0) return null;
        if ((revents & Libc.POLLIN) == 0)
            throw new IOException($"{name}: the port hung up (poll revents 0x{revents:x})");
        Span<byte> one = stackalloc byte[1];
        var n = _in.Read(one);
        if (n == 0) throw new IOException($"{name}: end of file (the port was closed)");
        return n < 0 ? null : one[0];
    }

    public void Write(ReadOnlySpan<byte> data) => _out.WriteAll(data);

    public bool SetDtr(bool on) => ModemLines.TrySetDtr(_out.Value, on);
}
