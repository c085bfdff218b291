using WwanProto.Core.Control;

namespace WwanProto.Core.Session;

/// <summary>
/// The SIM step: wait out "SIM busy", then let <see cref="PinGuard"/> decide, send the PIN at most
/// once, and remember a rejection. The PIN never reaches a log line or an exception message: the control
/// plane quotes the answer to the PIN entry with the PIN masked (<see cref="PinEntry.Said"/>).
/// </summary>
public sealed class SimUnlockStep(IModemControl control, string? pin, RejectedPinStore store, SessionTuning tuning, Action<string> log)
{
    /// <summary>How the rejected-PIN memory recognises this SIM: "iccid:…", "imsi:…" or "imei:…".</summary>
    public string? SimKey { get; set; }

    public async Task<SimLock> RunAsync(TimeSpan bound, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + bound;
        var pinSent = false;
        while (true)
        {
            var (state, said) = await control.QuerySimAsync(tuning.CommandTimeout, ct).ConfigureAwait(false);
            if (state == SimLock.Busy)
            {
                if (DateTime.UtcNow >= deadline)
                    throw Fail(ErrorCodes.SimNotInitialized, $"the SIM was not ready within {bound.TotalSeconds:0} s: {said}");
                await Task.Delay(tuning.PollInterval, ct).ConfigureAwait(false);
                continue;
            }

            int? attempts = null;
            var rejectedBefore = false;
            var source = "";
            if (state == SimLock.PinRequired && pin is not null)
            {
                (attempts, source) = await control.ReadPinAttemptsAsync(tuning.CommandTimeout, ct).ConfigureAwait(false);
                rejectedBefore = SimKey is not null && store.WasRejected(SimKey, pin);
            }
            if (state == SimLock.PinRequired && pinSent)
                throw Rejected("the SIM still asks for the PIN after it was accepted", attempts);

            var decision = PinGuard.Decide(state, attempts, pin is not null, rejectedBefore);
            switch (decision.Action)
            {
                case PinAction.Proceed:
                    return state;
                case PinAction.Fail:
                    var detail = state == SimLock.PinRequired && pin is not null && !rejectedBefore ? $" ({source})" : $" ({said})";
                    throw Fail(decision.Code!, decision.Reason + detail, fatal: true);
            }

            log($"SIM: PIN required, {attempts} attempts left; sending the configured PIN");
            var result = await control.EnterPinAsync(pin!, tuning.CommandTimeout, ct).ConfigureAwait(false);
            pinSent = true;
            if (result.Outcome == PinOutcome.Accepted)
            {
                log("SIM: PIN accepted");
                continue; // ask again: ready, or busy for a moment while the SIM initialises
            }
            if (result.Outcome == PinOutcome.NoAnswer)
            {
                // Did it count? Ask; anything but ready is treated as a rejection (never risk a second try).
                var after = await control.QuerySimAsync(tuning.CommandTimeout, ct).ConfigureAwait(false);
                if (after.State is SimLock.Ready or SimLock.Busy) continue;
            }
            throw Rejected(result.Said, attempts);
        }
    }

    private SessionException Rejected(string what, int? attemptsBefore)
    {
        if (SimKey is not null) store.Remember(SimKey, pin!);
        var left = attemptsBefore is { } n ? $"; {n - 1} attempt(s) left" : "";
        return Fail(ErrorCodes.PinFailed, $"the SIM rejected the configured PIN ({what}){left}; it will not be sent again until pincode changes", fatal: true);
    }

    private static SessionException Fail(string code, string message, bool fatal = false) => new(new SessionError(code, message, fatal));
}
