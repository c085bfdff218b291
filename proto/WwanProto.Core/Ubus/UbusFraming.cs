using System.Net.Sockets;

namespace WwanProto.Core.Ubus;

/// <summary>Reads and writes whole ubus frames on a stream socket.</summary>
public static class UbusFraming
{
    /// <summary>Reads one frame; null when the peer closed the socket cleanly between frames.</summary>
    public static async Task<UbusMessage?> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var head = new byte[UbusMessage.HeaderLength + 4];
        if (!await FillAsync(socket, head, allowEof: true, cancellationToken).ConfigureAwait(false)) return null;
        var blobLen = UbusMessage.BlobLength(head.AsSpan(UbusMessage.HeaderLength));
        if (blobLen > UbusMessage.MaxLength) throw new InvalidDataException($"ubus frame of {blobLen} bytes exceeds the {UbusMessage.MaxLength}-byte limit");
        var frame = new byte[UbusMessage.HeaderLength + blobLen];
        head.CopyTo(frame, 0);
        await FillAsync(socket, frame.AsMemory(head.Length), allowEof: false, cancellationToken).ConfigureAwait(false);
        return UbusMessage.Decode(frame);
    }

    public static async Task WriteAsync(Socket socket, UbusMessage message, CancellationToken cancellationToken)
    {
        var bytes = message.Encode();
        var sent = 0;
        while (sent < bytes.Length)
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> FillAsync(Socket socket, Memory<byte> buffer, bool allowEof, CancellationToken cancellationToken)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[got..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (got == 0 && allowEof) return false;
                throw new EndOfStreamException($"ubus peer closed the socket inside a frame ({got} of {buffer.Length} bytes)");
            }
            got += n;
        }
        return true;
    }
}
