using WwanProto.Core.At;

namespace WwanProto.Core.Session;

/// <summary>
/// An opened modem: the control channel plus what port selection found. Owns the channel; the session
/// disposes it when the port is gone or the session ends.
/// </summary>
public sealed class ModemConnection(IAtChannel control) : IAsyncDisposable
{
    /// <summary>The AT port for control and the NDIS call (PCUI tty or cdc-wdm): ^NDISSTAT arrives here.</summary>
    public IAtChannel Control { get; } = control;

    /// <summary>The PPP (modem) port, if the device has one.</summary>
    public string? PppPort { get; init; }

    /// <summary>The NCM/ECM network device (wwan0), if the device has one.</summary>
    public string? NetDev { get; init; }

    /// <summary>Stable identity for finding the device again after re-enumeration: the USB path ("1-1.2").</summary>
    public string? UsbPath { get; init; }

    /// <summary>"12d1:1506".</summary>
    public string? UsbId { get; init; }

    /// <summary>Extra resources the connector opened with the channel (lock files, other ports).</summary>
    public IAsyncDisposable? Owned { get; init; }

    public async ValueTask DisposeAsync()
    {
        await Control.DisposeAsync().ConfigureAwait(false);
        if (Owned is not null) await Owned.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>
/// Finds and opens the modem: resolve the `device` option, switch it out of storage mode, pick ports,
/// open the control port. The session calls it again after the modem vanished; <c>previous</c> tells
/// it which device to look for (USB path, IMEI) even when its ttys came back with other numbers.
/// Failures are <see cref="SessionException"/>s (NO_DEVICE, MODESWITCH_FAILED, NO_CONTROL_PORT, PORT_BUSY, ...).
/// </summary>
public interface IModemConnector
{
    Task<ModemConnection> ConnectAsync(ModemFingerprint? previous, CancellationToken cancellationToken);
}

/// <summary>What identifies "our" modem across re-enumeration.</summary>
public sealed record ModemFingerprint(string? UsbPath, string? Imei);
