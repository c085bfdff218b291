using WwanProto.Core.At;
using WwanProto.Core.Modem;

namespace WwanProto.Core.Session;

/// <summary>
/// The SIM step: wait out "SIM busy", then let <see cref="PinGuard"/> decide, send the PIN at most
/// once, and remember a rejection. The PIN never reaches a log line or an exception message: answers
/// to the PIN command are quoted by their final line only, never by <see cref="AtResponse.Describe"/>.
/// </summary>
public sealed class SimUnlockStep(IAtChannel at, string? pin, RejectedPinStore store, SessionTuning tuning, Action<string> log)
{
    /// <summary>How the rejected-PIN memory recognises this SIM: "iccid:…", "imsi:…" or "imei:…".</summary>
    public string? SimKey { get; set; }

    public async Task<SimLock> RunAsync(TimeSpan bound, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + bound;
        var pinSent = false;
        while (true)
        {
            var (state, answer) = await SimCard.QueryLockAsync(at, tuning.CommandTimeout, ct).ConfigureAwait(false);
            if (state == SimLock.Busy)
            {
                if (DateTime.UtcNow >= deadline)
                    throw ModemErrors.Fail(ErrorCodes.SimNotInitialized, answer, $"the SIM was not ready within {bound.TotalSeconds:0} s");
                await Task.Delay(tuning.PollInterval, ct).ConfigureAwait(false);
                continue;
            }

            int? attempts = null;
            var rejectedBefore = false;
            var source = "";
            if (state == SimLock.PinRequired && pin is not null)
            {
                (attempts, source) = await SimCard.PinAttemptsAsync(at, tuning.CommandTimeout, ct).ConfigureAwait(false);
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
                    var detail = state == SimLock.PinRequired && pin is not null && !rejectedBefore ? $" ({source})" : $" ({answer.Describe()})";
                    throw ModemErrors.Fail(decision.Code!, decision.Reason + detail, fatal: true);
            }

            log($"SIM: PIN required, {attempts} attempts left; sending the configured PIN");
            var result = await SimCard.EnterPinAsync(at, pin!, tuning.CommandTimeout, ct).ConfigureAwait(false);
            pinSent = true;
            if (result.IsOk)
            {
                log("SIM: PIN accepted");
                continue; // +CPIN? again: READY, or busy for a moment while the SIM initialises
            }
            if (result.Final == AtFinal.Timeout)
            {
                // Did it count? Ask; anything but READY is treated as a rejection (never risk a second try).
                var (after, _) = await SimCard.QueryLockAsync(at, tuning.CommandTimeout, ct).ConfigureAwait(false);
                if (after is SimLock.Ready or SimLock.Busy) continue;
            }
            throw Rejected($"AT+CPIN=\"****\" answered {(result.Final == AtFinal.Timeout ? "nothing (timed out)" : result.FinalLine)}", attempts);
        }
    }

    private SessionException Rejected(string what, int? attemptsBefore)
    {
        if (SimKey is not null) store.Remember(SimKey, pin!);
        var left = attemptsBefore is { } n ? $"; {n - 1} attempt(s) left" : "";
        return ModemErrors.Fail(ErrorCodes.PinFailed, $"the SIM rejected the configured PIN ({what}){left}; it will not be sent again until pincode changes", fatal: true);
    }
}
