using System.Text;

namespace WwanProto.Core.At;

/// <summary>
/// Cuts the modem's byte stream into lines. Any run of CR/LF ends a line ("\r\n", bare "\r", "\r\r\n", bare "\n"),
/// so empty lines never appear; NULs and other control bytes are dropped; bytes above 0x7e are kept as Latin-1.
/// A line may arrive split across any number of reads.
/// </summary>
internal sealed class AtLineFramer
{
    private readonly StringBuilder _line = new(128);
    private const int MaxLine = 4096;

    /// <summary>
    /// Consumes bytes from <paramref name="data"/> up to and including the end of the next complete line.
    /// Returns how many bytes were consumed; <paramref name="line"/> is null when the data ran out first.
    /// </summary>
    public int Next(ReadOnlySpan<byte> data, out string? line)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b is (byte)'\r' or (byte)'\n')
            {
                if (_line.Length == 0) continue;
                line = _line.ToString();
                _line.Clear();
                return i + 1;
            }
            if (b < 0x20 || b == 0x7f) continue;
            // A modem spewing garbage without line ends must not grow the buffer without bound.
            if (_line.Length >= MaxLine)
            {
                line = _line.ToString();
                _line.Clear();
                _line.Append((char)b);
                return i + 1;
            }
            _line.Append((char)b);
        }
        line = null;
        return data.Length;
    }

    /// <summary>The bytes of an unfinished line, as text (for diagnostics).</summary>
    public string Partial => _line.ToString();

    public void Reset() => _line.Clear();
}
