using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Control;

/// <summary>
/// What the session asks of any modem, whatever speaks for it: AT (<see cref="AtModemControl"/>), QMUX, a HiLink
/// stick's web API, or nothing at all (<see cref="NoModemControl"/>, a tethering phone). The session's steps
/// (<c>SimUnlockStep</c>, <c>RegistrationStep</c>, <c>RegistrationWatch</c>) are written once against it and hold
/// no protocol strings; the PIN guard is the same rule for every control plane.
///
/// How a new control plane plugs in:
/// 1. Implement this interface in its own folder (e.g. <c>Qmi/</c>). Answers are the plain records of this folder;
///    every <c>Said</c>/<c>Source</c> text quotes the modem's own answer (its information, not only "OK"), and must
///    never contain a PIN. Failures are <c>SessionException</c>s with an <c>ErrorCodes</c> code naming what was asked
///    and what the modem said. <see cref="Features"/> says what the plane cannot do; the session skips those steps.
/// 2. Register an opener for its <see cref="ControlPlaneKind"/> in <see cref="ControlPlanes"/> (the connector calls it
///    with the selected ports), and its data link in <c>Links.DataLinks</c> under the link name
///    <see cref="ModemFamily.Choose"/> gives it ("qmi", "ethernet").
/// 3. <see cref="ModemFamily.Choose"/> is the one table from the modem kind and the `linktype` option to the pair.
/// Timeouts are passed per call (the session's command timeout); a call that is cancelled throws
/// <see cref="OperationCanceledException"/>, a control channel that vanished throws <c>PortGoneException</c> or
/// completes <see cref="Closed"/>.
/// </summary>
public interface IModemControl : IAsyncDisposable
{
    /// <summary>"at", "qmi", "hilink" or "none".</summary>
    string Kind { get; }

    /// <summary>What messages and the status call the control channel: "/dev/ttyUSB2", "/dev/cdc-wdm0", "http://192.168.8.1".</summary>
    string Name { get; }

    ControlFeatures Features { get; }

    /// <summary>Completes when the control channel is gone (unplug, reset) or was closed.</summary>
    Task Closed { get; }

    /// <summary>Makes the channel predictable after open (AT: echo off, numeric errors); waits up to <paramref name="bootWait"/> for a booting modem.</summary>
    Task PrepareAsync(TimeSpan bootWait, TimeSpan timeout, CancellationToken ct);

    /// <summary>Ends what an earlier session left behind on the control plane (QMI: client ids, a packet data handle); AT: nothing.</summary>
    Task ClearStaleStateAsync(TimeSpan timeout, CancellationToken ct);

    Task<IdentityReading> ReadIdentityAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>The ICCID (readable before the PIN), or null.</summary>
    Task<string?> ReadIccidAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>The IMSI (needs the SIM unlocked), or null.</summary>
    Task<string?> ReadImsiAsync(TimeSpan timeout, CancellationToken ct);

    Task<SimStatus> QuerySimAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>PIN attempts left; <see cref="PinAttempts.Left"/> null when the modem cannot tell.</summary>
    Task<PinAttempts> ReadPinAttemptsAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>Sends the PIN once. Only <c>PinGuard</c> decides whether this may be called.</summary>
    Task<PinEntry> EnterPinAsync(string pin, TimeSpan timeout, CancellationToken ct);

    /// <summary>Applies the `mode` option (only when it differs from the modem's setting); returns a line for the log.</summary>
    Task<string> ApplyRadioModeAsync(string mode, bool allowRoaming, TimeSpan timeout, CancellationToken ct);

    /// <summary>Manual operator selection (the `plmn` option); may take as long as a network search.</summary>
    Task SelectPlmnAsync(string plmn, TimeSpan timeout, CancellationToken ct);

    /// <summary>Asks the modem to report registration changes (<see cref="RegistrationChanged"/>); a domain it cannot report is fine.</summary>
    Task EnableRegistrationEventsAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>One domain's registration now.</summary>
    Task<RegistrationReading> QueryRegistrationAsync(RegistrationDomain domain, TimeSpan timeout, CancellationToken ct);

    /// <summary>A registration change the modem reported on its own (AT: +CREG/+CGREG/+CEREG URCs). Raised on the channel's reader: keep handlers short.</summary>
    event Action<RegistrationReading>? RegistrationChanged;

    /// <summary>Asks for automatic operator selection (a modem left deregistered); returns what the modem said, for the log.</summary>
    Task<string> RequestAutomaticSelectionAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>Operator, RAT and signal for the status. Best effort: unknown values are null.</summary>
    Task<NetworkReading> ReadNetworkAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>The `lowpower` option at teardown: radio off.</summary>
    Task EnterLowPowerAsync(TimeSpan timeout, CancellationToken ct);
}
