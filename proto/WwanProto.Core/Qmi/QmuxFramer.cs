using System.Buffers.Binary;

namespace WwanProto.Core.Qmi;

/// <summary>
/// Cuts a byte stream into QMUX frames by the length in their header. A real cdc-wdm node returns one message per
/// read, a test pty may split or merge them; both give the same frames here. Bytes before a marker are skipped and
/// reported, a frame that does not parse is dropped with its reason: nothing that comes in makes this throw.
/// </summary>
public sealed class QmuxFramer
{
    /// <summary>Larger than any message of the services used (qmi_wwan's buffer is 4 KiB); a bigger length is junk.</summary>
    public const int MaxLength = 16384;

    private byte[] _buffer = new byte[2048];
    private int _count;

    /// <summary>Adds bytes read from the device.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_count + data.Length > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + data.Length));
        data.CopyTo(_buffer.AsSpan(_count));
        _count += data.Length;
    }

    /// <summary>
    /// The next complete message, or null when more bytes are needed. <paramref name="dropped"/> names what was
    /// thrown away on the way (junk before a marker, a malformed frame), else null.
    /// </summary>
    public QmiMessage? Next(out string? dropped)
    {
        dropped = null;
        while (true)
        {
            var skip = _buffer.AsSpan(0, _count).IndexOf(QmiMessage.Marker);
            if (skip < 0) skip = _count;
            if (skip > 0)
            {
                dropped = Append(dropped, $"{skip} bytes before a QMUX marker");
                Consume(skip);
            }
            if (_count < 3) return null;
            var length = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(1));
            if (length < QmiMessage.QmuxHeaderLength - 1 + 6 || length > MaxLength)
            {
                // Not a message: this 0x01 was not a marker. Resynchronise on the next one rather than wait for
                // bytes that will never come.
                dropped = Append(dropped, $"implausible QMUX length {length}");
                Consume(1);
                continue;
            }
            if (_count < length + 1) return null;
            var message = QmiMessage.TryParse(_buffer.AsSpan(0, length + 1), out var problem);
            Consume(length + 1);
            if (message is not null) return message;
            dropped = Append(dropped, problem ?? "malformed frame");
        }
    }

    private static string Append(string? so, string what) => so is null ? what : so + "; " + what;

    private void Consume(int n)
    {
        _buffer.AsSpan(n, _count - n).CopyTo(_buffer);
        _count -= n;
    }

    /// <summary>Forgets partial input (after re-opening the device).</summary>
    public void Reset() => _count = 0;
}
