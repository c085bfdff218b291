using WwanProto.Core.At;
using WwanProto.Core.Control;

namespace WwanProto.Core.Session;

/// <summary>
/// An opened modem: its control plane, its AT channel when it has one, and what port selection found. Owns both;
/// the session disposes them when the modem is gone or the session ends.
/// </summary>
public sealed class ModemConnection(IModemControl control, IAtChannel? at) : IAsyncDisposable
{
    /// <summary>An AT modem: the control plane is AT on <paramref name="at"/>.</summary>
    public ModemConnection(IAtChannel at) : this(new AtModemControl(at), at) { }

    /// <summary>What the session asks of the modem (identity, SIM, mode, registration, signal).</summary>
    public IModemControl Control { get; } = control;

    /// <summary>
    /// The AT port (PCUI tty or cdc-wdm), when the modem has one: the NCM link dials on it (^NDISSTAT arrives here),
    /// a single-port phone lends it to pppd, the ubus `at` method queues on it. Null for QMI-only, HiLink, tethering.
    /// </summary>
    public IAtChannel? At { get; } = at;

    /// <summary>Control plane and data link this modem was opened for; null when built without a connector (then the link follows `linktype`).</summary>
    public ModemFamily? Family { get; init; }

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

    /// <summary>
    /// The PPP port is the control port (a phone's single ttyACM): pppd can only have it once the control channel
    /// and its UUCP lock are let go (<see cref="LendControlAsync"/>). Sticks dial on a separate modem port.
    /// </summary>
    public bool PppSharesControl => PppPort is { } ppp && At is { } at && SamePort(ppp, at.Path);

    /// <summary>
    /// The AT channel was closed on purpose, for pppd: <see cref="IAtChannel.Closed"/> has completed, yet the
    /// modem has not gone anywhere. Nothing may be sent until the session has opened the modem again (a new
    /// connection: the port is re-resolved, it may have been renumbered meanwhile).
    /// </summary>
    public bool ControlLent { get; private set; }

    /// <summary>Closes the AT channel, which releases its flock and UUCP lock, so that pppd can lock and open the port.</summary>
    public async Task LendControlAsync()
    {
        if (ControlLent || At is null) return;
        ControlLent = true;
        await At.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Control.DisposeAsync().ConfigureAwait(false);
        if (!ControlLent && At is not null) await At.DisposeAsync().ConfigureAwait(false);
        if (Owned is not null) await Owned.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The same device node, also when one path is a symlink to the other (/dev/ttyACM0 and what it points at).</summary>
    private static bool SamePort(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return true;
        try { return string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string Resolve(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
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
