namespace WwanProto.Core.Session;

/// <summary>
/// The named states of one modem session. Every change goes through <see cref="SessionTransitions"/>,
/// so the whole life cycle can be read in one table.
/// </summary>
public enum SessionState
{
    Starting,
    /// <summary>Resolving the device, switching it out of storage mode, probing ports, opening the control port.</summary>
    OpeningModem,
    /// <summary>ATE0, CMEE: the control port is made predictable.</summary>
    Initializing,
    /// <summary>ATI / +CGxx / ICCID: who the modem and SIM are.</summary>
    Identifying,
    /// <summary>+CPIN? / ^CPIN? and, only when safe, the PIN.</summary>
    UnlockingSim,
    /// <summary>^SYSCFGEX / ^SYSCFG, manual PLMN.</summary>
    SettingRadioMode,
    /// <summary>+CREG/+CGREG/+CEREG URCs and polls.</summary>
    Registering,
    /// <summary>The data link backend brings the call up.</summary>
    Connecting,
    /// <summary>Telling the reporter (netifd, or the host) the link is up.</summary>
    Reporting,
    /// <summary>Link up; waiting for loss, port loss or a stop request.</summary>
    Connected,
    /// <summary>A transient failure or a loss: waiting out the backoff before trying again.</summary>
    BackingOff,
    /// <summary>Stop requested: hanging up within the teardown budget.</summary>
    HangingUp,
    /// <summary>Ended cleanly (after a stop request).</summary>
    Stopped,
    /// <summary>Ended with a fatal error; netifd must not restart it on its own.</summary>
    Failed,
}
