namespace WwanProto.Core.Links.Ppp;

/// <summary>The modem port as chat sees it: pppd's stdin/stdout in production, an opened tty in tests.</summary>
public interface IChatPort
{
    /// <summary>Reads one byte, waiting at most <paramref name="timeoutMs"/>; null on timeout. Throws IOException on hang-up/EOF.</summary>
    byte? ReadByte(int timeoutMs);

    void Write(ReadOnlySpan<byte> data);

    /// <summary>Drops (false) or raises (true) DTR; false when the port has no modem lines.</summary>
    bool SetDtr(bool on);
}
