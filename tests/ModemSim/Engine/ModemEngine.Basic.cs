using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Engine;

/// <summary>V.250 basic commands: echo, result format, profiles, ATI, dial/hang-up, S-registers.</summary>
internal sealed partial class ModemEngine
{
    private string? Basic(SimPort port, AtCommand cmd, Reply reply)
    {
        _ = int.TryParse(cmd.Args, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n);
        switch (cmd.Name)
        {
            case "E":
                if (n > 1) return "ERROR";
                port.Echo = n == 1;
                return null;
            case "V":
                if (n > 1) return "ERROR";
                port.Verbose = n == 1;
                return null;
            case "Q":
                if (Profile.RejectsAtq0) return "ERROR"; // E3372h-320 (§2.14, field report 2)
                if (n > 1) return "ERROR";
                port.Quiet = n == 1;
                return null;
            case "Z" or "&F":
                // Restore the profile: echo comes back on Qualcomm-era sticks (§4.1).
                port.Echo = Profile.EchoDefault;
                port.Verbose = true;
                port.Quiet = false;
                port.Cmee = Profile.CmeeDefault;
                return null;
            case "I":
                reply.Lines.Add($"Manufacturer: {Profile.Manufacturer}");
                reply.Lines.Add($"Model: {Profile.Model}");
                reply.Lines.Add($"Revision: {Profile.Revision}");
                reply.Lines.Add($"IMEI: {Imei}");
                reply.Lines.Add($"+GCAP: {Profile.Gcap}");
                return null;
            case "+GCAP":
                reply.Lines.Add($"+GCAP: {Profile.Gcap}");
                return null;
            case "H":
                return Hangup(port);
            case "O":
                return ReturnOnline(port, reply);
            case "A":
                return "NO CARRIER";
            case "D":
                return Dial(port, cmd, reply);
            case "+CEER":
                reply.Lines.Add("+CEER: 0");
                return null;
            default:
                return null;
        }
    }

    private string? SRegister(AtCommand cmd, Reply reply)
    {
        if (cmd.IsQuery)
        {
            reply.Lines.Add(cmd.Name switch { "S3" => "013", "S4" => "010", "S5" => "008", _ => "000" });
        }
        return null;
    }

    private string? Identity(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.IsTest) return null;
        switch (cmd.Name)
        {
            case "+CGMI" or "+GMI": reply.Lines.Add(Profile.Manufacturer); return null;
            case "+CGMM" or "+GMM": reply.Lines.Add(Profile.Model); return null;
            case "+CGMR" or "+GMR": reply.Lines.Add(Profile.Revision); return null;
            case "+CGSN" or "+GSN": reply.Lines.Add(Imei); return null;
            case "+CIMI":
                if (NeedSim(port) is { } blocked) return blocked;
                reply.Lines.Add(Card.Imsi);
                return null;
            case "^ICCID":
                if (Card.State == State.CardState.Absent) return Cme(port, CmeErrors.SimNotInserted);
                if (Card.IsBusy(DateTime.UtcNow)) return Cme(port, CmeErrors.SimBusy);
                reply.Lines.Add($"^ICCID: {NibbleSwap(Card.Iccid)}");
                return null;
            case "^HWVER":
                reply.Lines.Add($"^HWVER:\"CL2{Profile.Model.ToUpperInvariant()}M\"");
                return null;
            case "^CARDLOCK" when cmd.IsQuery:
                reply.Lines.Add("^CARDLOCK: 2,10,0");
                return null;
            default:
                return Profile.UnknownCommand;
        }
    }

    private static string NibbleSwap(string iccid)
    {
        var digits = iccid.Length % 2 == 1 ? iccid + "F" : iccid;
        var chars = new char[digits.Length];
        for (var i = 0; i + 1 < digits.Length; i += 2)
        {
            chars[i] = digits[i + 1];
            chars[i + 1] = digits[i];
        }
        return new string(chars);
    }

    private string? Cmee(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.IsQuery) { reply.Lines.Add($"+CMEE: {port.Cmee}"); return null; }
        if (cmd.IsTest) { reply.Lines.Add("+CMEE: (0-2)"); return null; }
        var v = cmd.Arguments.Count == 1 ? cmd.Arguments[0].Int : null;
        if (v is null or > 2) return Cme(port, CmeErrors.IncorrectParameters);
        port.Cmee = v.Value;
        return null;
    }

    private static bool IsAtPort(SimPort port) => port.Role is PortRole.Pcui or PortRole.Modem or PortRole.Acm or PortRole.CdcWdm;
}
