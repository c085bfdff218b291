using WwanProto.Core.Session;

namespace WwanProto.Core.Control;

/// <summary>The SIM's lock state and the modem's answer that shows it ("AT+CPIN? answered +CPIN: SIM PIN").</summary>
public sealed record SimStatus(SimLock State, string Said);

/// <summary>PIN attempts left (null: the modem cannot report them) and the answer(s) it came from.</summary>
public sealed record PinAttempts(int? Left, string Source);

/// <summary>How the PIN entry ended.</summary>
public enum PinOutcome
{
    Accepted,
    Rejected,
    /// <summary>No answer in time: the PIN may or may not have counted.</summary>
    NoAnswer,
}

/// <summary>
/// The PIN entry's outcome, and what the modem answered with the PIN masked ("AT+CPIN=\"****\" answered +CME ERROR: 16").
/// </summary>
public sealed record PinEntry(PinOutcome Outcome, string Said);
