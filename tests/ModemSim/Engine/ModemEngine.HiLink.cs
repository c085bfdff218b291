using WwanProto.ModemSim.State;

namespace WwanProto.ModemSim.Engine;

/// <summary>What the HiLink web firmware asks of the radio side: the same SIM and registration as the AT path.</summary>
internal sealed partial class ModemEngine
{
    /// <summary>The SIM as /api/pin/status shows it.</summary>
    public (CardState State, int PinTries, int PukTries, bool LockEnabled, bool Busy) CardSnapshot()
    {
        lock (_gate) return (Card.State, Card.PinTries, Card.PukTries, Card.PinLockEnabled, Card.IsBusy(DateTime.UtcNow));
    }

    /// <summary>/api/pin/operate verify: null = accepted (registration follows), else the card's error (wrong PIN costs a try).</summary>
    public int? WebEnterPin(string pin)
    {
        lock (_gate)
        {
            var wasReady = Card.State == CardState.Ready;
            var result = Card.EnterPin(pin);
            if (result is null && !wasReady) Schedule(TimeSpan.FromMilliseconds(50), SimSettled);
            return result;
        }
    }

    public bool IsRegistered { get { lock (_gate) return Registered; } }
}
