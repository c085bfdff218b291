using WwanProto.Core.Native;

namespace WwanProto.Core.At;

/// <summary>
/// The port after CONNECT, handed to whoever carries the data (pppd): the fd, and any bytes the reader had
/// already taken from the port after the CONNECT line (the first PPP frames), which belong to the new owner.
/// </summary>
public sealed class AtDataHandoff(UnixFd fd, byte[] pending, IDisposable? portLock) : IDisposable
{
    public UnixFd Fd { get; } = fd;
    public byte[] Pending { get; } = pending;

    /// <summary>The UUCP lock taken when the channel was opened, if any; released with the handoff.</summary>
    public IDisposable? PortLock { get; } = portLock;

    public void Dispose()
    {
        Fd.Dispose();
        PortLock?.Dispose();
    }
}
