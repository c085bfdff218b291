namespace WwanProto.Core.At;

/// <summary>
/// One AT port. Commands are queued and sent one at a time; everything the modem prints that is
/// not part of a command's answer is delivered to URC subscribers. Implementations own the fd.
/// </summary>
public interface IAtChannel : IAsyncDisposable
{
    /// <summary>The port's device path, e.g. /dev/ttyUSB2.</summary>
    string Path { get; }

    /// <summary>
    /// Sends <paramref name="command"/> (without the trailing CR) and waits for its final result,
    /// at most <paramref name="timeout"/>. A timeout is an <see cref="AtFinal.Timeout"/> response, not an exception;
    /// a vanished port (EIO, hang-up) throws <see cref="PortGoneException"/>.
    /// </summary>
    Task<AtResponse> SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="command"/> (AT+CMGS=n), waits for the modem's "&gt; " prompt, types <paramref name="payload"/>
    /// (the PDU in hex) and Ctrl-Z, and waits for the final result as <see cref="SendAsync"/> does. A modem that answers
    /// with a final result instead of the prompt gets no payload.
    /// </summary>
    Task<AtResponse> SendWithPromptAsync(string command, string payload, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Raised for every unsolicited line (^NDISSTAT:, +CREG:, ^RSSI:, ^BOOT:, RING ...), on the reader thread.</summary>
    event Action<string>? Urc;

    /// <summary>Completes when the port is gone (read returned EIO/HUP or the device vanished).</summary>
    Task Closed { get; }
}

/// <summary>The port disappeared under us: the modem reset or was unplugged.</summary>
public sealed class PortGoneException(string path, string reason) : IOException($"{path}: port gone ({reason})")
{
    public string PortPath { get; } = path;

    /// <summary>What showed the port was gone: "hang-up", "read: Input/output error", ...</summary>
    public string Reason { get; } = reason;
}
