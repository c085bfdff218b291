namespace WwanProto.Core.Usb;

/// <summary>
/// Talks to candidate ports while selecting them. Production: the AT engine (open the port, "AT" with
/// retries, short timeout); tests: the simulator's ptys. Never called for diag or GPS ports.
/// </summary>
public interface IPortProbe
{
    /// <summary>
    /// Whether the port answers "AT" with OK within <paramref name="timeout"/> (retries included). Throws
    /// <see cref="Native.PortBusyException"/> when another process holds the port (nothing is written to it).
    /// </summary>
    Task<bool> AnswersAtAsync(string devicePath, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The ^GETPORTMODE information line from a port that answered AT, or null.</summary>
    Task<string?> GetPortModeAsync(string devicePath, TimeSpan timeout, CancellationToken cancellationToken);
}
