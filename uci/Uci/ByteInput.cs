namespace WwanProto.Uci;

/// <summary>A byte stream read line by line with C stdio's end-of-file flag (set by a read that hits EOF).</summary>
public sealed class ByteInput(Stream stream) : IDisposable
{
    private readonly byte[] _buf = new byte[4096];
    private int _pos, _len;

    public Stream Stream { get; } = stream;

    /// <summary>feof(): a read has hit end of file.</summary>
    public bool Eof { get; private set; }

    /// <summary>fgets without a size limit: bytes up to and including '\n', or to EOF; empty at EOF.</summary>
    public List<byte> ReadLine()
    {
        var line = new List<byte>();
        while (true)
        {
            if (_pos == _len)
            {
                _len = Stream.Read(_buf, 0, _buf.Length);
                _pos = 0;
                if (_len <= 0)
                {
                    _len = 0;
                    Eof = true;
                    return line;
                }
            }
            var b = _buf[_pos++];
            line.Add(b);
            if (b == '\n')
                return line;
        }
    }

    public void Dispose() => Stream.Dispose();
}
