using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Ports;

namespace WwanProto.ModemSim.Engine;

/// <summary>Port composition and report control: ^GETPORTMODE, ^SETPORT, ^CURC, ^PORTSEL, ^RESET, URC switches (§2.10, §2.13).</summary>
internal sealed partial class ModemEngine
{
    private static readonly string[] SetPortList =
    [
        "^SETPORT:1: 3G MODEM", "^SETPORT:2: 3G PCUI", "^SETPORT:3: 3G DIAG", "^SETPORT:5: 3G GPS", "^SETPORT:10: 4G MODEM",
        "^SETPORT:12: 4G PCUI", "^SETPORT:13: 4G DIAG", "^SETPORT:14: 4G GPS", "^SETPORT:16: NCM", "^SETPORT:A: BLUE TOOTH",
        "^SETPORT:A1: CDROM", "^SETPORT:A2: SD",
    ];

    private string? _setPort;
    private int _portSel;

    /// <summary>The ^SETPORT value stored in NV (takes effect on the next enumeration).</summary>
    public string? StoredSetPort { get { lock (_gate) return _setPort ?? Profile.SetPort; } }

    private string? Control(SimPort port, AtCommand cmd, Reply reply)
    {
        switch (cmd.Name)
        {
            case "^GETPORTMODE":
                if (Profile.GetPortMode is null) return Profile.UnknownCommand;
                if (Profile.GetPortModeCrashes)
                {
                    _device.RequestReset(false);
                    return NoAnswer;
                }
                reply.Lines.Add(Profile.GetPortMode);
                return null;
            case "^SETPORT":
                if (Profile.SetPort is null) return "ERROR"; // HiLink builds (§2.13)
                if (cmd.IsQuery) { reply.Lines.Add($"^SETPORT:{_setPort ?? Profile.SetPort}"); return null; }
                if (cmd.IsTest) { reply.Lines.AddRange(SetPortList); return null; }
                var a = cmd.Arguments;
                if (a.Count != 1 || !ValidSetPort(a[0].Value)) return Cme(port, CmeErrors.IncorrectParameters);
                _setPort = a[0].Value.ToUpperInvariant();
                return null;
            case "^CURC":
                if (cmd.IsQuery) { reply.Lines.Add($"^CURC: {port.Curc}"); return null; }
                if (cmd.IsTest) { reply.Lines.Add("^CURC: (0-2)"); return null; }
                var mode = cmd.Arguments.Count > 0 ? cmd.Arguments[0].Int : null;
                if (mode is not (0 or 1 or 2) || (mode == 2 && cmd.Arguments.Count < 2)) return Cme(port, CmeErrors.IncorrectParameters);
                port.Curc = mode.Value;
                return null;
            case "^PORTSEL":
                if (cmd.IsQuery) { reply.Lines.Add($"^PORTSEL: {_portSel}"); return null; }
                if (cmd.IsTest) { reply.Lines.Add("^PORTSEL: (0,1)"); return null; }
                if (cmd.Arguments.Count < 1 || cmd.Arguments[0].Int is not (0 or 1)) return Cme(port, CmeErrors.IncorrectParameters);
                _portSel = cmd.Arguments[0].Int!.Value;
                return null;
            case "^RESET":
                reply.After = () => _device.RequestReset(Profile.ResetsToStorage);
                return null;
            default:
                // ^RSSI=, ^SRVST=, ^MODE=, ^DSFLOWRPT= ... individual report switches: accepted.
                if (cmd.IsQuery) reply.Lines.Add($"{cmd.Name}: 1");
                return null;
        }
    }

    /// <summary>"A1,A2;12,1,16" or "FF;12,10,16": codes from §1.5, and the composition must keep a PCUI.</summary>
    private static bool ValidSetPort(string value)
    {
        var parts = value.ToUpperInvariant().Split(';');
        if (parts.Length != 2) return false;
        var after = parts[1].Split(',');
        if (!after.Contains("12") && !after.Contains("2")) return false;
        foreach (var code in parts[0].Split(',').Concat(after))
            if (code.Length is 0 or > 2 || !code.All(Uri.IsHexDigit)) return false;
        return true;
    }
}
