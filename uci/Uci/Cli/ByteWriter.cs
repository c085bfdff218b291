namespace WwanProto.Uci.Cli;

/// <summary>
/// stdio-like output of byte-per-char strings: buffered like C's stdout on a pipe (flushed when the
/// buffer fills and at exit) or unbuffered like stderr.
/// </summary>
public sealed class ByteWriter(Stream stream, bool buffered)
{
    private const int BufferSize = 4096;
    private readonly MemoryStream _pending = new();

    public void Write(string s)
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes(s);
        if (!buffered)
        {
            stream.Write(bytes);
            stream.Flush();
            return;
        }
        if (_pending.Length + bytes.Length > BufferSize)
            Flush();
        _pending.Write(bytes);
        if (_pending.Length > BufferSize)
            Flush();
    }

    public void Flush()
    {
        if (_pending.Length > 0)
        {
            stream.Write(_pending.GetBuffer(), 0, (int)_pending.Length);
            _pending.SetLength(0);
        }
        stream.Flush();
    }
}
