using WwanProto.Core.Control;

namespace WwanProto.Core.Session;

/// <summary>
/// The SIM step: wait out "SIM busy", then let <see cref="PinGuard"/> decide, send the PIN at most
/// once, and remember a rejection. When the modem cannot report the attempts left, the PIN is remembered as
/// rejected before it goes out and forgotten once accepted: whatever happens in between (a rejection, a kill,
/// a reset), it is never sent a second time. The PIN never reaches a log line or an exception message: the
/// control plane quotes the answer to the PIN entry with the PIN masked (<see cref="PinEntry.Said"/>).
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

            var canRemember = SimKey is not null;
            string? unremembered = null;
            if (state == SimLock.PinRequired && pin is not null && attempts is null && !rejectedBefore && SimKey is not null)
            {
                try
                {
                    store.Remember(SimKey, pin); // before sending: see the class comment
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    (canRemember, unremembered) = (false, $"; the rejected-PIN memory failed: {e.Message}");
                }
            }

            var decision = PinGuard.Decide(state, attempts, pin is not null, rejectedBefore, canRemember);
            switch (decision.Action)
            {
                case PinAction.Proceed:
                    return state;
                case PinAction.Fail:
                    var detail = state == SimLock.PinRequired && pin is not null && !rejectedBefore ? $" ({source}{unremembered})" : $" ({said})";
                    throw Fail(decision.Code!, decision.Reason + detail, fatal: true);
            }

            log(attempts is { } left
                ? $"SIM: PIN required, {left} attempts left; sending the configured PIN"
                : $"SIM: PIN required, attempts left unknown ({source}); sending the configured PIN once");
            var result = await control.EnterPinAsync(pin!, tuning.CommandTimeout, ct).ConfigureAwait(false);
            pinSent = true;
            if (result.Outcome == PinOutcome.Accepted)
            {
                Accepted(attempts);
                log("SIM: PIN accepted");
                continue; // ask again: ready, or busy for a moment while the SIM initialises
            }
            if (result.Outcome == PinOutcome.NoAnswer)
            {
                // Did it count? Ask; anything but ready is treated as a rejection (never risk a second try).
                var after = await control.QuerySimAsync(tuning.CommandTimeout, ct).ConfigureAwait(false);
                if (after.State is SimLock.Ready or SimLock.Busy)
                {
                    Accepted(attempts);
                    continue;
                }
            }
            throw Rejected(result.Said, attempts);
        }
    }

    /// <summary>The PIN worked: take back the mark set before a send with an unknown counter.</summary>
    private void Accepted(int? attemptsBefore)
    {
        if (attemptsBefore is not null || SimKey is null) return;
        try
        {
            store.Forget(SimKey, pin!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"SIM: the PIN's mark in the rejected-PIN memory could not be removed ({e.Message}); the next start refuses it until pincode changes");
        }
    }

    private SessionException Rejected(string what, int? attemptsBefore)
    {
        var again = "it will not be sent again until pincode changes";
        try
        {
            if (SimKey is not null) store.Remember(SimKey, pin!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full or read-only state dir must not turn PIN_FAILED into a crash; the SIM's own counter (the guard
            // wants 2 or more left) still limits what a later start may try.
            again = $"it could not be remembered as rejected ({e.Message}): fix the state directory and change pincode";
        }
        var left = attemptsBefore is { } n ? $"; {n - 1} attempt(s) left" : "";
        return Fail(ErrorCodes.PinFailed, $"the SIM rejected the configured PIN ({what}){left}; {again}", fatal: true);
    }

    private static SessionException Fail(string code, string message, bool fatal = false) => new(new SessionError(code, message, fatal));
}
