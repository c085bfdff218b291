namespace WwanProto.Core.Session;

/// <summary>
/// Which state may follow which. The session asks here before every change, so an impossible
/// sequence (say, Connected straight after UnlockingSim) is a bug that shows up at once in tests.
/// Any state may go to BackingOff (transient failure), HangingUp (stop request) or Failed (fatal error).
/// </summary>
public static class SessionTransitions
{
    private static readonly Dictionary<SessionState, SessionState[]> Next = new()
    {
        [SessionState.Starting] = [SessionState.OpeningModem],
        [SessionState.OpeningModem] = [SessionState.Initializing],
        [SessionState.Initializing] = [SessionState.Identifying],
        [SessionState.Identifying] = [SessionState.UnlockingSim],
        [SessionState.UnlockingSim] = [SessionState.SettingRadioMode],
        [SessionState.SettingRadioMode] = [SessionState.Registering],
        [SessionState.Registering] = [SessionState.Connecting],
        [SessionState.Connecting] = [SessionState.Reporting],
        [SessionState.Reporting] = [SessionState.Connected],
        // After a loss the session goes back through registration (port still there) or reopens the modem.
        [SessionState.Connected] = [SessionState.BackingOff],
        [SessionState.BackingOff] = [SessionState.OpeningModem, SessionState.Initializing],
        [SessionState.HangingUp] = [SessionState.Stopped],
        [SessionState.Stopped] = [],
        [SessionState.Failed] = [],
    };

    public static bool IsAllowed(SessionState from, SessionState to)
    {
        if (from is SessionState.Stopped or SessionState.Failed) return false;
        if (to is SessionState.HangingUp or SessionState.Failed) return from != SessionState.HangingUp || to == SessionState.Failed;
        if (to == SessionState.BackingOff) return from != SessionState.HangingUp;
        return Next.TryGetValue(from, out var next) && Array.IndexOf(next, to) >= 0;
    }

    /// <summary>The short name the status object and logs show ("registering", "connected").</summary>
    public static string Name(SessionState state) => state switch
    {
        SessionState.Starting => "starting",
        SessionState.OpeningModem => "opening",
        SessionState.Initializing => "initializing",
        SessionState.Identifying => "identifying",
        SessionState.UnlockingSim => "unlocking",
        SessionState.SettingRadioMode => "setting_mode",
        SessionState.Registering => "registering",
        SessionState.Connecting => "connecting",
        SessionState.Reporting => "reporting",
        SessionState.Connected => "connected",
        SessionState.BackingOff => "reconnecting",
        SessionState.HangingUp => "disconnecting",
        SessionState.Stopped => "stopped",
        SessionState.Failed => "failed",
        _ => state.ToString().ToLowerInvariant(),
    };
}
