using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Engine;

/// <summary>PPP on the modem port (§2.9, §3.3): ATD -> CONNECT -> data mode; "+++" -> online command; ATH; close.</summary>
internal sealed partial class ModemEngine
{
    private string? Dial(SimPort port, AtCommand cmd, Reply reply)
    {
        if (port.Role is not (PortRole.Modem or PortRole.Acm)) return "ERROR";
        var dial = cmd.Args.ToUpperInvariant();
        if (dial.StartsWith('T') || dial.StartsWith('P')) dial = dial[1..];
        int cid;
        if (dial == "*99#") cid = 1;
        else if (dial.StartsWith("*99***", StringComparison.Ordinal) && dial.EndsWith('#')
                 && int.TryParse(dial.AsSpan(6, dial.Length - 7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cid)
                 && cid is >= 1 and <= 16) { }
        else if (dial == "99**1#" || dial == "*99**1#") cid = 1; // seen in wvdial configs (field report 3)
        else return "NO CARRIER";
        if (Card.Blocker(DateTime.UtcNow) is not null) return "ERROR";
        if (_ndis is NdisState.Connected or NdisState.Connecting && _ndisCid == cid) return Cme(port, CmeErrors.CallCidInOperation);
        if (!Registered) return "NO CARRIER";
        if (!ApnAccepted(_contexts.TryGetValue(cid, out var ctx) ? ctx.Apn : "")) return "NO CARRIER"; // PDP rejected (§2.9)
        switch (_options.DialResult)
        {
            case "no-carrier": return "NO CARRIER";
            case "busy": return "BUSY";
            case "error": return "ERROR";
        }
        port.PppCid = cid;
        port.Mode = PortMode.OnlineCommand; // becomes Data once CONNECT is on the wire
        reply.After = () =>
        {
            port.EnterDataMode();
            _device.PppStarted(port);
            if (_options.Faults.ResetOnGsmCall && _servedRat == Rat.Gsm) _device.RequestReset(Profile.ResetsToStorage);
        };
        return Profile.ConnectText;
    }

    private string? Hangup(SimPort port)
    {
        if (port.Mode == PortMode.OnlineCommand) PppCallEnded(port, writeNoCarrier: false);
        return null;
    }

    private string? ReturnOnline(SimPort port, Reply reply)
    {
        if (port.Mode != PortMode.OnlineCommand) return "NO CARRIER";
        reply.After = port.EnterDataMode;
        return Profile.ConnectText;
    }

    /// <summary>The host closed the port mid-call: a clean DTR drop ends it; "stuck" firmware stays in data mode.</summary>
    private void PppHostClosed(SimPort port)
    {
        if (_options.StuckInDataMode && port.Mode == PortMode.Data)
        {
            _device.PppEnded(port);
            return;
        }
        PppCallEnded(port, writeNoCarrier: false);
    }

    /// <summary>The PPP call is over: back to command mode, NO CARRIER when the host is there to see it.</summary>
    public void PppCallEnded(SimPort port, bool writeNoCarrier)
    {
        port.Mode = PortMode.Command;
        _device.PppEnded(port);
        if (writeNoCarrier) port.WriteFinal("NO CARRIER");
    }

    /// <summary>The network-side PPP peer went away (LCP terminate): NO CARRIER, command mode.</summary>
    public void PppPeerGone(SimPort port)
    {
        lock (_gate)
        {
            if (port.Mode == PortMode.Command) return;
            PppCallEnded(port, writeNoCarrier: true);
        }
    }
}
