using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.State;

namespace WwanProto.ModemSim.Engine;

/// <summary>+CPIN, ^CPIN, +CLCK and the SIM's effect on the radio (§2.3).</summary>
internal sealed partial class ModemEngine
{
    private string? SimCommand(SimPort port, AtCommand cmd, Reply reply)
    {
        var now = DateTime.UtcNow;
        switch (cmd.Name)
        {
            case "+CPIN" when cmd.IsTest:
                return null;
            case "+CPIN" when cmd.IsQuery:
                if (Card.State == CardState.Absent) return Cme(port, CmeErrors.SimNotInserted);
                if (Card.IsBusy(now)) return Cme(port, CmeErrors.SimBusy);
                if (Card.State == CardState.Dead) return Cme(port, CmeErrors.SimFailure);
                reply.Lines.Add($"+CPIN: {Card.CpinCode}");
                return null;
            case "+CPIN" when cmd.IsSet:
            {
                if (Card.IsBusy(now)) return Cme(port, CmeErrors.SimBusy);
                var args = cmd.Arguments;
                if (args.Count is < 1 or > 2 || args.Any(a => a.Value.Length is < 4 or > 8 || !a.Value.All(char.IsDigit)))
                    return Cme(port, CmeErrors.IncorrectParameters);
                var wasReady = Card.State == CardState.Ready;
                var result = args.Count == 1 ? Card.EnterPin(args[0].Value) : Card.EnterPuk(args[0].Value, args[1].Value);
                if (result == -1) return "ERROR";
                if (result is not null) return Cme(port, result.Value);
                if (!wasReady)
                {
                    if (_options.ResetOnUnlock) reply.After = () => _device.RequestReset(false);
                    else Schedule(TimeSpan.FromMilliseconds(50), SimSettled);
                }
                return null;
            }
            case "^CPIN" when cmd.IsQuery && _options.NoPinRetries:
            case "+CPINR" when _options.NoPinRetries:
                return Profile.UnknownCommand;
            case "^CPIN" when cmd.IsQuery:
                if (Card.State == CardState.Absent) return Cme(port, CmeErrors.SimNotInserted);
                if (Card.IsBusy(now)) return Cme(port, CmeErrors.SimBusy);
                if (Card.State == CardState.Dead) return Cme(port, CmeErrors.SimFailure);
                reply.Lines.Add(Card.CaretCpinLine);
                return null;
            case "+CLCK" when cmd.IsSet:
            {
                var args = cmd.Arguments;
                if (args.Count < 2 || !args[0].Value.Equals("SC", StringComparison.OrdinalIgnoreCase)) return Cme(port, CmeErrors.IncorrectParameters);
                if (Card.IsBusy(now)) return Cme(port, CmeErrors.SimBusy);
                var mode = args[1].Int;
                if (mode == 2)
                {
                    if (Card.Blocker(now) is { } b) return Cme(port, b);
                    reply.Lines.Add($"+CLCK: {(Card.PinLockEnabled ? 1 : 0)}");
                    return null;
                }
                if (mode is not (0 or 1) || args.Count < 3) return Cme(port, CmeErrors.IncorrectParameters);
                var result = Card.SetLock(mode == 1, args[2].Value);
                return result is null ? null : Cme(port, result.Value);
            }
            case "+CPINR" when !Profile.Huawei && cmd.IsSet:
            {
                // 3GPP 27.007 +CPINR: <code>,<retries>,<default retries>
                if (Card.Blocker(now) is CmeErrors.SimNotInserted or CmeErrors.SimBusy or CmeErrors.SimFailure)
                    return Cme(port, Card.Blocker(now)!.Value);
                var code = cmd.Arguments.Count > 0 ? cmd.Arguments[0].Value.ToUpperInvariant() : "";
                if (code is "" or "SIM PIN" or "SIM*") reply.Lines.Add($"+CPINR: SIM PIN,{Card.PinTries},{_options.Card.PinAttempts}");
                if (code is "" or "SIM PUK" or "SIM*") reply.Lines.Add($"+CPINR: SIM PUK,{Card.PukTries},{_options.Card.PukAttempts}");
                return null;
            }
            case "+CCID" when !Profile.Huawei:
                if (Card.State == CardState.Absent) return Cme(port, CmeErrors.SimNotInserted);
                reply.Lines.Add($"+CCID: {Card.Iccid}");
                return null;
            case "+CLCK" when cmd.IsTest:
                reply.Lines.Add("+CLCK: (\"SC\",\"AO\",\"OI\",\"OX\",\"AI\",\"IR\",\"AB\",\"AG\",\"AC\",\"PN\",\"PU\",\"PP\",\"PC\",\"FD\")");
                return null;
            default:
                return Profile.UnknownCommand;
        }
    }

    /// <summary>The SIM finished initialising or was unlocked: report it and start registering.</summary>
    private void SimSettled()
    {
        if (Card.IsBusy(DateTime.UtcNow)) return;
        if (Profile.Huawei) HuaweiUrc(Card.State switch { CardState.Absent => "^SIMST:255", CardState.Dead => "^SIMST:0", _ => "^SIMST:1" });
        StartRegistration();
    }
}
