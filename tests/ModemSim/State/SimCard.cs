using WwanProto.ModemSim.At;

namespace WwanProto.ModemSim.State;

public enum CardState { Ready, Pin, Puk, Absent, Dead }

/// <summary>
/// The SIM: busy for a while after power-up, then READY / SIM PIN / SIM PUK / absent / failure.
/// Wrong PINs cost tries (also through +CLCK), 0 PIN tries -> PUK, 0 PUK tries -> dead (§2.3, §4.19).
/// Not thread-safe: the engine calls it under its lock.
/// </summary>
public sealed class SimCard
{
    private readonly SimCardOptions _options;
    private DateTime _busyUntil;

    public CardState State { get; private set; }
    public string Pin { get; private set; }
    public int PinTries { get; private set; }
    public int PukTries { get; private set; }
    public bool PinLockEnabled { get; private set; }
    public string Imsi => _options.Imsi;
    public string Iccid => _options.Iccid;

    public SimCard(SimCardOptions options)
    {
        _options = options;
        Pin = options.Pin;
        PinTries = options.PinAttempts;
        PukTries = options.PukAttempts;
        State = options.State switch
        {
            "ready" => CardState.Ready,
            "pin" => CardState.Pin,
            "puk" => CardState.Puk,
            "absent" => CardState.Absent,
            "dead" => CardState.Dead,
            _ => throw new ArgumentException($"unknown SIM state \"{options.State}\" (ready, pin, puk, absent, dead)"),
        };
        if (State == CardState.Puk) PinTries = 0;
        PinLockEnabled = State is CardState.Pin or CardState.Puk;
    }

    /// <summary>Power-up: busy for the configured time; a PIN-locked card locks again.</summary>
    public void PowerUp(DateTime now)
    {
        _busyUntil = now + _options.BusyFor;
        if (State == CardState.Ready && PinLockEnabled) State = CardState.Pin;
    }

    public DateTime BusyUntil => _busyUntil;
    public bool IsBusy(DateTime now) => now < _busyUntil && State is not CardState.Absent;
    public bool IsReady(DateTime now) => State == CardState.Ready && !IsBusy(now);

    /// <summary>The CME error a SIM-needing command gets now, or null when the SIM is usable.</summary>
    public int? Blocker(DateTime now)
    {
        if (State == CardState.Absent) return CmeErrors.SimNotInserted;
        if (IsBusy(now)) return CmeErrors.SimBusy;
        return State switch
        {
            CardState.Pin => CmeErrors.SimPinRequired,
            CardState.Puk => CmeErrors.SimPukRequired,
            CardState.Dead => CmeErrors.SimFailure,
            _ => null,
        };
    }

    public string CpinCode => State switch
    {
        CardState.Pin => "SIM PIN",
        CardState.Puk => "SIM PUK",
        _ => "READY",
    };

    /// <summary>^CPIN: code,[times],puk,pin,puk2,pin2 (§2.3).</summary>
    public string CaretCpinLine => State switch
    {
        CardState.Pin => $"^CPIN: SIM PIN,{PinTries},{PukTries},{PinTries},10,3",
        CardState.Puk => $"^CPIN: SIM PUK,{PukTries},{PukTries},{PinTries},10,3",
        _ => $"^CPIN: READY,,{PukTries},{PinTries},10,3",
    };

    /// <summary>AT+CPIN="pin": null = OK, else the CME error. Wrong PIN costs a try.</summary>
    public int? EnterPin(string pin)
    {
        switch (State)
        {
            case CardState.Puk: return CmeErrors.SimPukRequired;
            case CardState.Dead: return CmeErrors.SimFailure;
            case CardState.Absent: return CmeErrors.SimNotInserted;
            case CardState.Ready: return -1; // Balong: PIN while none is required -> plain ERROR
        }
        if (pin == Pin)
        {
            PinTries = _options.PinAttempts;
            State = CardState.Ready;
            return null;
        }
        if (--PinTries <= 0)
        {
            PinTries = 0;
            State = CardState.Puk;
        }
        return CmeErrors.IncorrectPassword;
    }

    /// <summary>AT+CPIN="puk","newpin".</summary>
    public int? EnterPuk(string puk, string newPin)
    {
        if (State == CardState.Dead) return CmeErrors.SimFailure;
        if (State == CardState.Absent) return CmeErrors.SimNotInserted;
        if (State != CardState.Puk) return State == CardState.Pin ? EnterPin(puk) : -1;
        if (puk == _options.Puk)
        {
            Pin = newPin;
            PinTries = _options.PinAttempts;
            PukTries = _options.PukAttempts;
            State = CardState.Ready;
            return null;
        }
        if (--PukTries <= 0)
        {
            PukTries = 0;
            State = CardState.Dead;
            return CmeErrors.SimFailure;
        }
        return CmeErrors.IncorrectPassword;
    }

    /// <summary>AT+CLCK="SC",0|1,"pin": enables/disables the lock; a wrong PIN costs a try.</summary>
    public int? SetLock(bool enable, string pin)
    {
        var blocker = State switch
        {
            CardState.Absent => CmeErrors.SimNotInserted,
            CardState.Dead => CmeErrors.SimFailure,
            CardState.Puk => CmeErrors.SimPukRequired,
            CardState.Pin => CmeErrors.SimPinRequired,
            _ => (int?)null,
        };
        if (blocker is not null) return blocker;
        if (pin != Pin)
        {
            if (--PinTries <= 0)
            {
                PinTries = 0;
                State = CardState.Puk;
                PinLockEnabled = true;
            }
            return CmeErrors.IncorrectPassword;
        }
        PinTries = _options.PinAttempts;
        PinLockEnabled = enable;
        return null;
    }

    /// <summary>^SYSINFOEX / ^SYSINFO sim_state.</summary>
    public int SysInfoState => State switch
    {
        CardState.Absent => 255,
        CardState.Dead => 0,
        _ => 1,
    };
}
