using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Native;

namespace WwanProto.Core.At;

/// <summary>What probing one port found.</summary>
/// <param name="Path">The path probed.</param>
/// <param name="Answered">The port answered "AT" with a final result (it speaks AT).</param>
/// <param name="EchoOn">The modem echoed our command (null when it never answered).</param>
/// <param name="Identity">ATI (or +CGMI/+CGMM/+CGMR/+CGSN) of a port that answered; null otherwise.</param>
/// <param name="Attempts">"AT" commands sent.</param>
/// <param name="Elapsed">Wall time spent on this port.</param>
/// <param name="Error">Why the port could not be probed (open failed, vanished), or null.</param>
/// <param name="Held">Another process holds the port (its UUCP lock, with the pid when the lock names one, or an
/// flock); nothing was written.</param>
public sealed record PortProbeResult(string Path, bool Answered, bool? EchoOn, AtiIdentity? Identity, int Attempts,
    TimeSpan Elapsed, string? Error = null, PortBusyException? Held = null)
{
    public bool Busy => Held is not null;
    public int? BusyPid => Held?.Pid;
}
