namespace WwanProto.Core.Session;

/// <summary>Tells a session waiting for its modem that a device appeared, so a backoff need not run its course.</summary>
public interface IDeviceArrivals
{
    /// <summary>
    /// Completes when a device at or under USB device <paramref name="usbName"/> ("1-1.2"; any USB device when null)
    /// appeared at or after <paramref name="since"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).
    /// </summary>
    Task WaitAsync(string? usbName, long since, CancellationToken cancellationToken);
}
