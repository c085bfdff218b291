using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.At;

/// <summary>What probing one port found.</summary>
/// <param name="Path">The path probed.</param>
/// <param name="Answered">The port answered "AT" with a final result (it speaks AT).</param>
/// <param name="EchoOn">The modem echoed our command (null when it never answered).</param>
/// <param name="Identity">ATI (or +CGMI/+CGMM/+CGMR/+CGSN) of a port that answered; null otherwise.</param>
/// <param name="Attempts">"AT" commands sent.</param>
/// <param name="Elapsed">Wall time spent on this port.</param>
/// <param name="Error">Why the port could not be probed (open failed, vanished), or null.</param>
/// <param name="Busy">Another process holds the port (its lock or flock); nothing was written.</param>
/// <param name="BusyPid">The live process holding the port's UUCP lock, when the lock names one.</param>
public sealed record PortProbeResult(string Path, bool Answered, bool? EchoOn, AtiIdentity? Identity, int Attempts,
    TimeSpan Elapsed, string? Error = null, bool Busy = false, int? BusyPid = null);
