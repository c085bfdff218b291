using System.Globalization;
using WwanProto.Core.Sms;
using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;
using WwanProto.ModemSim.Sms;

namespace WwanProto.ModemSim.Engine;

/// <summary>
/// SMS (3GPP TS 27.005, PDU mode) and USSD (+CUSD, TS 27.007 §7.15) on the AT ports, over <see cref="SmsNetwork"/>.
/// Errors are +CMS ERROR: n as Balong prints them (numeric). +CMGS answers with the "> " prompt and takes the PDU
/// up to Ctrl-Z (ESC cancels). Huawei profiles take and give USSD as packed GSM 7-bit hex.
/// </summary>
internal sealed partial class ModemEngine
{
    private SmsNetwork? _sms;
    private int _cmgf;
    private int _messageReference;

    public SmsNetwork Sms
    {
        get
        {
            lock (_gate)
            {
                if (_sms is null)
                {
                    _sms = new SmsNetwork(_gate, SmsUrc, Profile.Huawei);
                    WireWms(_sms);
                }
                return _sms;
            }
        }
    }

    /// <summary>Lines the network side pushes to the host (+CMTI, +CMT and its PDU, +CUSD), to every open AT port.</summary>
    private void SmsUrc(IReadOnlyList<string> lines)
    {
        foreach (var p in AtPorts.Concat(_ports.Where(p => p.Role == PortRole.CdcWdm)))
            foreach (var line in lines) p.WriteUrc(line);
    }

    private static string Cms(int code) => $"+CMS ERROR: {code}";

    /// <summary>The SIM must be ready for SMS: 310 not inserted, 311 PIN, 316 PUK, 314 busy, 313 failure.</summary>
    private string? NeedSmsSim()
    {
        var blocker = Card.Blocker(DateTime.UtcNow);
        return blocker switch
        {
            null => null,
            CmeErrors.SimNotInserted => Cms(310),
            CmeErrors.SimPinRequired => Cms(311),
            CmeErrors.SimPukRequired => Cms(316),
            CmeErrors.SimBusy => Cms(314),
            _ => Cms(313),
        };
    }

    private string? Messaging(SimPort port, AtCommand cmd, Reply reply)
    {
        var sms = Sms;
        var a = cmd.Arguments;
        switch (cmd.Name)
        {
            case "+CMGF":
                if (cmd.IsQuery) { reply.Lines.Add($"+CMGF: {_cmgf}"); return null; }
                if (cmd.IsTest) { reply.Lines.Add("+CMGF: (0,1)"); return null; }
                if (a.Count != 1 || a[0].Int is not (0 or 1)) return "ERROR";
                _cmgf = a[0].Int!.Value;
                return null;
            case "+CSMS":
                if (cmd.IsQuery) { reply.Lines.Add("+CSMS: 0,1,1,1"); return null; }
                reply.Lines.Add("+CSMS: 1,1,1");
                return null;
            case "+CNMI":
                if (cmd.IsQuery) { reply.Lines.Add($"+CNMI: {sms.CnmiMode},{sms.CnmiMt},0,{sms.CnmiDs},0"); return null; }
                if (cmd.IsTest) { reply.Lines.Add("+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)"); return null; }
                var mt = a.Count > 1 ? a[1].Int : 0;
                var ds = a.Count > 3 ? a[3].Int : 0;
                if (a.Count == 0 || a[0].Int is not (>= 0 and <= 2) || mt is not (>= 0 and <= 3) || ds is not (>= 0 and <= 2)) return Cms(303);
                sms.CnmiMode = a[0].Int!.Value;
                sms.CnmiMt = mt.Value;
                sms.CnmiDs = ds.Value;
                return null;
            case "+CSCA":
                if (cmd.IsQuery)
                {
                    if (NeedSmsSim() is { } noSim) return noSim;
                    reply.Lines.Add(sms.StoredSmsc is { } smsc ? $"+CSCA: \"{smsc}\",145" : "+CSCA: \"\",129");
                    return null;
                }
                sms.StoredSmsc = a.Count > 0 && a[0].Value.Length > 0 ? a[0].Value : null;
                return null;
            case "+CPMS":
                return Cpms(cmd, reply, sms);
            case "+CUSD":
                return Cusd(port, cmd, reply, sms);
        }

        if (NeedSmsSim() is { } blocked) return blocked;
        if (_cmgf != 0) return Cms(302); // the text-mode forms are not simulated: a host that never set PDU mode sees this
        var read = sms.Store(sms.Mem1);
        switch (cmd.Name)
        {
            case "+CMGL":
                if (cmd.IsTest) { reply.Lines.Add("+CMGL: (0-4)"); return null; }
                var stat = a.Count == 0 ? 0 : a[0].Int;
                if (stat is not (>= 0 and <= 4)) return Cms(304);
                foreach (var m in read.All.Where(m => stat == 4 || m.Stat == stat).ToList())
                {
                    reply.Lines.Add($"+CMGL: {m.Index},{m.Stat},,{SmsDeliverEncoder.TpduLength(m.Pdu)}");
                    reply.Lines.Add(m.Pdu);
                    read.MarkRead(m.Index);
                }
                return null;
            case "+CMGR":
                if (a.Count != 1 || a[0].Int is not { } index) return Cms(304);
                if (read.Get(index) is not { } found) return Cms(321);
                reply.Lines.Add($"+CMGR: {found.Stat},,{SmsDeliverEncoder.TpduLength(found.Pdu)}");
                reply.Lines.Add(found.Pdu);
                read.MarkRead(index);
                return null;
            case "+CMGD":
                if (cmd.IsTest) { reply.Lines.Add($"+CMGD: ({string.Join(',', read.All.Select(m => m.Index))}),(0-4)"); return null; }
                if (a.Count == 0 || a[0].Int is not { } del) return Cms(304);
                if (a.Count > 1 && a[1].Int is 4) { read.Clear(); return null; }
                return read.Remove(del) ? null : Cms(321);
            case "+CMGS":
                if (a.Count != 1 || a[0].Int is not (> 0 and <= 176) || cmd.IsQuery) return Cms(304);
                var length = a[0].Int!.Value;
                reply.Prompt = text => { lock (_gate) return Submitted(text, length, sms); };
                return null;
            default:
                return Profile.UnknownCommand;
        }
    }

    /// <summary>The PDU typed after the prompt: check it as the firmware does, hand it to the network, answer +CMGS: mr.</summary>
    private Reply Submitted(string text, int length, SmsNetwork sms)
    {
        var reply = new Reply();
        var hex = text.Trim();
        byte[] pdu;
        try { pdu = Convert.FromHexString(hex); }
        catch (FormatException) { reply.Final = Cms(304); return reply; }
        if (pdu.Length == 0 || pdu.Length != 1 + pdu[0] + length) { reply.Final = Cms(304); return reply; }
        if (pdu[0] == 0 && sms.StoredSmsc is null) { reply.Final = Cms(330); return reply; }
        if (_stat is not (1 or 5)) { reply.Final = Cms(331); return reply; }
        if (sms.SendFailure is { } failure) { reply.Final = Cms(failure); return reply; }
        if (WwanProto.Core.Sms.SmsPduReader.Read(pdu) is not SmsSubmit submit) { reply.Final = Cms(304); return reply; }
        sms.RecordSent(hex.ToUpperInvariant());
        var mr = ++_messageReference & 0xFF;
        reply.Lines.Add($"+CMGS: {mr}");
        if (submit.StatusReportRequest) Schedule(TimeSpan.FromMilliseconds(100), () => sms.Report(mr, submit.Recipient));
        return reply;
    }

    /// <summary>+CPMS: storage selection and use (27.005 §3.2.2). The set form answers used,total for each memory it set.</summary>
    private string? Cpms(AtCommand cmd, Reply reply, SmsNetwork sms)
    {
        if (cmd.IsTest) { reply.Lines.Add("+CPMS: (\"SM\",\"ME\"),(\"SM\",\"ME\"),(\"SM\",\"ME\")"); return null; }
        if (NeedSmsSim() is { } blocked) return blocked;
        string Use(string name) { var s = sms.Store(name); return $"{s.Used},{s.Capacity}"; }
        if (cmd.IsQuery)
        {
            reply.Lines.Add($"+CPMS: \"{sms.Mem1}\",{Use(sms.Mem1)},\"{sms.Mem2}\",{Use(sms.Mem2)},\"{sms.Mem3}\",{Use(sms.Mem3)}");
            return null;
        }
        var names = cmd.Arguments.Select(x => x.Value.ToUpperInvariant()).ToList();
        if (names.Count is 0 or > 3 || names.Any(n => !SmsStorage.IsKnown(n))) return Cms(302);
        sms.Mem1 = names[0];
        if (names.Count > 1) sms.Mem2 = names[1];
        if (names.Count > 2) sms.Mem3 = names[2];
        reply.Lines.Add($"+CPMS: {Use(sms.Mem1)},{Use(sms.Mem2)},{Use(sms.Mem3)}");
        return null;
    }

    /// <summary>+CUSD=1,"str",dcs: OK at once, the network's answer later as +CUSD: m,"str",dcs; +CUSD=2 ends the dialogue.</summary>
    private string? Cusd(SimPort port, AtCommand cmd, Reply reply, SmsNetwork sms)
    {
        if (cmd.IsQuery) { reply.Lines.Add("+CUSD: 1"); return null; }
        if (cmd.IsTest) { reply.Lines.Add("+CUSD: (0-2)"); return null; }
        var a = cmd.Arguments;
        var n = a.Count > 0 ? a[0].Int : null;
        if (n == 2) { sms.UssdOpen = false; return null; }
        if (n is not (0 or 1) || a.Count < 2) return n is 0 or 1 ? null : Cme(port, CmeErrors.IncorrectParameters);
        if (NeedSim(port) is { } blocked) return blocked;
        if (_stat is not (1 or 5)) return Cme(port, CmeErrors.NoNetworkService);
        string request;
        if (sms.PackedUssd)
        {
            // Balong takes the request only as packed septets in hex; plain text is a parameter error.
            var value = a[1].Value;
            if (value.Length == 0 || value.Length % 2 != 0 || !value.All(char.IsAsciiHexDigit)) return Cme(port, CmeErrors.IncorrectParameters);
            request = UssdCodec.Decode(value, 15, packedHex: true);
        }
        else request = a[1].Value;
        var (mode, text) = sms.AnswerUssd(request);
        var body = mode == 2 ? "+CUSD: 2"
            : $"+CUSD: {mode},\"{(sms.PackedUssd ? UssdCodec.Encode(text, packedHex: true) : text)}\",15";
        Schedule(TimeSpan.FromMilliseconds(50), () => SmsUrc([body]));
        return null;
    }
}
