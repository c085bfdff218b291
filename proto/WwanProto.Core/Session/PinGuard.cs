namespace WwanProto.Core.Session;

/// <summary>What the SIM asks for, from +CPIN? (and ^CPIN?).</summary>
public enum SimLock
{
    Ready,
    PinRequired,
    PukRequired,
    /// <summary>PH-NET / PH-SIM and other personalisation locks: needs an unlock code we never guess.</summary>
    DeviceLocked,
    Absent,
    Failure,
    /// <summary>Still initialising after boot (+CME ERROR: 14): wait.</summary>
    Busy,
}

/// <summary>The guard's verdict: go on, send the PIN, wait, or stop with an error.</summary>
public enum PinAction { Proceed, SendPin, Wait, Fail }

public sealed record PinDecision(PinAction Action, string? Code = null, string? Reason = null);

/// <summary>
/// The one place that decides whether the PIN may be sent (huawei-modems.md §4 item 19), the same for every
/// control plane. Pure, so every rule has a test: the PIN goes out only when the SIM asks for it, a PIN is
/// configured, that PIN was not rejected before for this SIM, and the modem reports at least
/// <see cref="MinAttempts"/> attempts left. A modem that cannot report the count (a phone answering ERROR to
/// ^CPIN? and +CPINR, issue 11) gets the PIN once, as OpenWrt's handlers send it: the rejected-PIN memory
/// (<c>canRemember</c>) is what keeps it from a second try, so without it the PIN is not sent.
/// </summary>
public static class PinGuard
{
    public const int MinAttempts = 2;

    public static PinDecision Decide(SimLock state, int? pinAttemptsLeft, bool pinConfigured, bool rejectedBefore, bool canRemember = true) => state switch
    {
        SimLock.Ready => new(PinAction.Proceed),
        SimLock.Busy => new(PinAction.Wait),
        SimLock.Absent => new(PinAction.Fail, ErrorCodes.SimNotInserted, "no SIM card inserted"),
        SimLock.Failure => new(PinAction.Fail, ErrorCodes.SimFailure, "the SIM card failed"),
        SimLock.PukRequired => new(PinAction.Fail, ErrorCodes.PukNeeded, "the SIM is blocked and needs its PUK (unlock it in a phone)"),
        SimLock.DeviceLocked => new(PinAction.Fail, ErrorCodes.SimFailure, "the modem is locked to another network (personalisation PIN); it needs an unlock code"),
        SimLock.PinRequired when !pinConfigured => new(PinAction.Fail, ErrorCodes.PinNotSpecified, "the SIM needs a PIN and the pincode option is not set"),
        SimLock.PinRequired when rejectedBefore => new(PinAction.Fail, ErrorCodes.PinRejectedBefore,
            "this SIM rejected the configured PIN before; it is not sent again until the pincode option changes"),
        SimLock.PinRequired when pinAttemptsLeft is null && !canRemember => new(PinAction.Fail, ErrorCodes.PinTriesUnknown,
            "the number of PIN attempts left is unknown (the modem does not report it) and a rejection could not be remembered, so the PIN could go out twice; it is not sent"),
        SimLock.PinRequired when pinAttemptsLeft is null => new(PinAction.SendPin),
        SimLock.PinRequired when pinAttemptsLeft < MinAttempts => new(PinAction.Fail, ErrorCodes.PinTriesBelowLimit,
            $"only {pinAttemptsLeft} PIN attempt(s) left; the PIN is not sent (needs at least {MinAttempts}); unlock the SIM in a phone"),
        SimLock.PinRequired => new(PinAction.SendPin),
        _ => new(PinAction.Fail, ErrorCodes.SimFailure, $"unexpected SIM state {state}"),
    };
}
