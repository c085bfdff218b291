using System.Globalization;
using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Engine;

/// <summary>Signal, system info, operator, registration (+CxREG with URCs), radio mode, CFUN (§2.4–§2.6, §2.12).</summary>
internal sealed partial class ModemEngine
{
    private const string OperatorName = "WwanSim";
    private const string OperatorNumeric = "26201";
    private int _rssi;
    private int _stat;
    private int _cfun = 1;
    private Rat _servedRat;
    private string _acqOrder = "00";
    private string _band = "3FFFFFFF";
    private string _lteBand = "7FFFFFFFFFFFFFFF";
    private int _roamAllowed = 1, _srvDomain = 2;
    private int _sysCfgMode = 2, _sysCfgAcq;

    private bool Registered => _stat is 1 or 5;

    private static Rat NativeRat(ModemProfile p) => p.Rat;

    private void StartRegistration()
    {
        if (!Card.IsReady(DateTime.UtcNow) || _cfun != 1 || Profile.IsStorage) return;
        if (_away is { } away)
        {
            // The network is gone (Deregister knob): the modem keeps looking and finds nothing.
            SetStat(away.Stat, away.DropCall);
            return;
        }
        SetStat(2);
        var outcome = OutcomeStat(RegistrationOutcome);
        var generation = ++_regGeneration;
        Schedule(_options.RegistrationDelay, () =>
        {
            if (generation == _regGeneration) SetStat(outcome);
        });
    }

    private int _regGeneration;

    /// <summary>Off the network (+COPS=2, +CFUN=0/4): a pending registration result no longer applies.</summary>
    private void Deregister()
    {
        _regGeneration++;
        SetStat(0);
    }

    /// <summary><paramref name="dropCall"/> false: the quirk of modems that keep the NDIS call "up" while unregistered.</summary>
    private void SetStat(int stat, bool dropCall = true)
    {
        if (_stat == stat) return;
        _stat = stat;
        foreach (var p in AtPorts.Concat(_ports.Where(p => p.Role == PortRole.CdcWdm)))
        {
            if (p.Creg > 0) Urc(p, $"+CREG: {stat}{Location(p.Creg, stat)}");
            if (p.Cgreg > 0) Urc(p, $"+CGREG: {stat}{Location(p.Cgreg, stat)}");
            if (p.Cereg > 0 && Profile.SupportsCereg) Urc(p, $"+CEREG: {stat}{Location(p.Cereg, stat)}");
        }
        if (Profile.Huawei) HuaweiUrc($"^SRVST: {(Registered ? 2 : 0)}");
        QmiServingSystemChanged();
        if (Registered) RegistrationCompleted();
        else if (dropCall && _ndis == NdisState.Connected && !_stale) NdisDropped(0);
    }

    /// <summary>Balong prints lac/ci only with n=2 and stat 1 or 5 (§2.5).</summary>
    private string Location(int n, int stat)
    {
        if (n != 2 || stat is not (1 or 5)) return "";
        return _servedRat == Rat.Lte ? ",\"792D\",\"04947221\"" : ",\"2513\",\"E01F\"";
    }

    private string? Network(SimPort port, AtCommand cmd, Reply reply)
    {
        switch (cmd.Name)
        {
            case "+CSQ":
                if (cmd.IsTest) { reply.Lines.Add("+CSQ: (0-31,99),(0-7,99)"); return null; }
                reply.Lines.Add(Registered ? $"+CSQ: {_rssi},99" : "+CSQ: 99,99");
                return null;
            case "^HCSQ":
                if (cmd.IsTest) { reply.Lines.Add("^HCSQ: \"NOSERVICE\",\"GSM\",\"WCDMA\",\"LTE\""); return null; }
                if (Profile.HcsqBareOk) return null;
                reply.Lines.Add(Hcsq());
                return null;
            case "^SYSINFOEX":
                reply.Lines.Add(SysInfoEx());
                return null;
            case "^SYSINFO":
                reply.Lines.Add(SysInfo());
                return null;
            case "+COPS":
                return Cops(port, cmd, reply);
            case "+CREG" or "+CGREG" or "+CEREG":
                return Creg(port, cmd, reply);
            case "^SYSCFGEX":
                return Profile.SupportsSysCfgEx ? SysCfgEx(port, cmd, reply) : Profile.UnknownCommand;
            case "^SYSCFG":
                return SysCfg(port, cmd, reply);
            case "+CFUN":
                return Cfun(port, cmd, reply);
            case "+CGATT":
                if (cmd.IsQuery) reply.Lines.Add($"+CGATT: {(Registered ? 1 : 0)}");
                else if (cmd.IsTest) reply.Lines.Add("+CGATT: (0,1)");
                return null;
            default:
                return Profile.UnknownCommand;
        }
    }

    private string Hcsq()
    {
        if (!Registered) return "^HCSQ:\"NOSERVICE\"";
        var rssi = 7 + 2 * _rssi;
        return _servedRat switch
        {
            Rat.Lte => $"^HCSQ:\"LTE\",{rssi},35,86,14",
            Rat.Wcdma => $"^HCSQ:\"WCDMA\",{rssi},{rssi - 4},40",
            _ => $"^HCSQ:\"GSM\",{rssi}",
        };
    }

    private string SysInfoEx()
    {
        var sim = Card.SysInfoState;
        if (!Registered) return $"^SYSINFOEX:0,{(_stat == 2 ? 4 : 0)},0,{sim},,0,\"\",0,\"\"";
        var roam = _stat == 5 ? 1 : 0;
        return _servedRat switch
        {
            Rat.Lte => $"^SYSINFOEX:2,3,{roam},{sim},,6,\"LTE\",101,\"LTE\"",
            Rat.Wcdma => $"^SYSINFOEX:2,3,{roam},{sim},,3,\"WCDMA\",45,\"HSPA+\"",
            _ => $"^SYSINFOEX:2,3,{roam},{sim},,1,\"GSM\",3,\"EDGE\"",
        };
    }

    /// <summary>Legacy ^SYSINFO: Balong shows LTE as WCDMA (§4.17).</summary>
    private string SysInfo()
    {
        var sim = Card.SysInfoState;
        if (!Registered) return $"^SYSINFO:0,0,0,0,{sim},,0";
        var roam = _stat == 5 ? 1 : 0;
        return _servedRat switch
        {
            Rat.Lte => $"^SYSINFO:2,3,{roam},5,{sim},,4",
            Rat.Wcdma => $"^SYSINFO:2,3,{roam},5,{sim},,9",
            _ => $"^SYSINFO:2,3,{roam},3,{sim},,3",
        };
    }

    private int Act => _servedRat switch { Rat.Lte => 7, Rat.Wcdma => 2, _ => 0 };

    private string? Cops(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.IsQuery)
        {
            reply.Lines.Add(Registered ? $"+COPS: 0,0,\"{OperatorName}\",{Act}" : "+COPS: 0");
            return null;
        }
        if (cmd.IsTest)
        {
            reply.Lines.Add($"+COPS: (2,\"{OperatorName}\",\"{OperatorName}\",\"{OperatorNumeric}\",{Act}),,(0,1,2,3,4),(0,1,2)");
            return null;
        }
        if (NeedSim(port) is { } blocked) return blocked;
        var mode = cmd.Arguments.Count > 0 ? cmd.Arguments[0].Int : null;
        switch (mode)
        {
            case 0:
                if (_stat == 0) StartRegistration();
                return null;
            case 2:
                Deregister();
                return null;
            case 1 or 4:
                // Manual selection: only the simulated network's PLMN is there.
                var plmn = cmd.Arguments.Count > 2 ? cmd.Arguments[2].Value : "";
                if (plmn != OperatorNumeric && plmn != OperatorName) return mode == 4 ? null : Cme(port, CmeErrors.NoNetworkService);
                if (_stat == 0) StartRegistration();
                return null;
            case 3:
                return null;
            default:
                return Cme(port, CmeErrors.IncorrectParameters);
        }
    }

    private string? Creg(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.Name == "+CEREG" && !Profile.SupportsCereg) return Profile.UnknownCommand;
        if (cmd.IsTest) { reply.Lines.Add($"{cmd.Name}: (0-2)"); return null; }
        if (cmd.IsQuery)
        {
            var n = cmd.Name switch { "+CREG" => port.Creg, "+CGREG" => port.Cgreg, _ => port.Cereg };
            reply.Lines.Add($"{cmd.Name}: {n},{_stat}{Location(n, _stat)}");
            if (n > 0) reply.FaultUrc = $"{cmd.Name}: {_stat}{Location(n, _stat)}";
            return null;
        }
        var v = cmd.Arguments.Count == 1 ? cmd.Arguments[0].Int : null;
        if (!cmd.IsSet || v is null or > 2) return Cme(port, CmeErrors.IncorrectParameters);
        switch (cmd.Name)
        {
            case "+CREG": port.Creg = v.Value; break;
            case "+CGREG": port.Cgreg = v.Value; break;
            default: port.Cereg = v.Value; break;
        }
        return null;
    }

    private string? SysCfgEx(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.IsQuery)
        {
            reply.Lines.Add($"^SYSCFGEX: \"{_acqOrder}\",{_band},{_roamAllowed},{_srvDomain},{_lteBand}");
            return null;
        }
        if (cmd.IsTest)
        {
            reply.Lines.Add("^SYSCFGEX: (\"00\",\"03\",\"02\",\"01\",\"99\"),((2000004e80380,\"GSM850/GSM900/GSM1800/GSM1900/WCDMA850/WCDMA900/WCDMA1900/WCDMA2100\"),(3fffffff,\"All Bands\")),(0-3),(0-4),((800c5,\"LTE2100/LTE1800/LTE2600/LTE900/LTE800\"),(7fffffffffffffff,\"All bands\"))");
            return null;
        }
        var a = cmd.Arguments;
        if (a.Count < 5 || !a[0].Quoted) return Cme(port, CmeErrors.IncorrectParameters);
        var acq = a[0].Value;
        if (acq.Length == 0 || acq.Length % 2 != 0) return Cme(port, CmeErrors.IncorrectParameters);
        for (var i = 0; i < acq.Length; i += 2)
            if (acq.Substring(i, 2) is not ("00" or "01" or "02" or "03" or "04" or "07" or "99")) return Cme(port, CmeErrors.IncorrectParameters);
        if (acq.Contains("03") && Profile.Rat != Rat.Lte && acq.Length == 2) return Cme(port, CmeErrors.IncorrectParameters);
        if (!IsHex(a[1].Value) || !IsHex(a[4].Value) || a[2].Int is not (>= 0 and <= 2) || a[3].Int is not (>= 0 and <= 4))
            return Cme(port, CmeErrors.IncorrectParameters);
        if (acq != "99") _acqOrder = acq;
        if (!a[1].Value.Equals("40000000", StringComparison.OrdinalIgnoreCase)) _band = a[1].Value.ToUpperInvariant();
        if (!a[4].Value.Equals("40000000", StringComparison.OrdinalIgnoreCase)) _lteBand = a[4].Value.ToUpperInvariant();
        if (a[2].Int != 2) _roamAllowed = a[2].Int!.Value;
        if (a[3].Int != 4) _srvDomain = a[3].Int!.Value;
        ApplyRat(RatFromAcqOrder(_acqOrder));
        return null;
    }

    private Rat RatFromAcqOrder(string acq)
    {
        for (var i = 0; i + 1 < acq.Length; i += 2)
        {
            switch (acq.Substring(i, 2))
            {
                case "00": return Profile.Rat;
                case "03" when Profile.Rat == Rat.Lte: return Rat.Lte;
                case "02": return Rat.Wcdma;
                case "01": return Rat.Gsm;
            }
        }
        return Profile.Rat;
    }

    /// <summary>A RAT change re-registers (and takes a data call down with it).</summary>
    private void ApplyRat(Rat rat)
    {
        if (rat == _servedRat) return;
        _servedRat = rat;
        if (_ndis == NdisState.Connected) NdisDropped(0);
        if (Registered || _stat == 2)
        {
            _stat = 0;
            StartRegistration();
        }
    }

    private string? SysCfg(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.IsQuery)
        {
            reply.Lines.Add($"^SYSCFG: {_sysCfgMode},{_sysCfgAcq},400000,{_roamAllowed},{_srvDomain}");
            return null;
        }
        if (cmd.IsTest)
        {
            reply.Lines.Add("^SYSCFG:(2,13,14,16),(0-3),((400000,\"WCDMA2100\")),(0-2),(0-4)");
            return null;
        }
        var a = cmd.Arguments;
        if (a.Count < 5 || a[0].Int is not (2 or 13 or 14 or 16) || a[1].Int is not (>= 0 and <= 3) || !IsHex(a[2].Value)
            || a[3].Int is not (>= 0 and <= 2) || a[4].Int is not (>= 0 and <= 4))
            return Cme(port, CmeErrors.IncorrectParameters);
        if (a[0].Int != 16) _sysCfgMode = a[0].Int!.Value;
        if (a[1].Int != 3) _sysCfgAcq = a[1].Int!.Value;
        ApplyRat(_sysCfgMode switch { 13 => Rat.Gsm, 14 => Rat.Wcdma, _ => Profile.Rat });
        return null;
    }

    private string? Cfun(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.IsQuery) { reply.Lines.Add($"+CFUN: {_cfun}"); return null; }
        if (cmd.IsTest) { reply.Lines.Add("+CFUN: (0,1,4,5,6,7,8),(0-1)"); return null; }
        var a = cmd.Arguments;
        var fun = a.Count > 0 ? a[0].Int : null;
        var rst = a.Count > 1 ? a[1].Int : 0;
        if (fun is not (0 or 1 or 4 or 5 or 6 or 7 or 8 or 16) || rst is not (0 or 1)) return Cme(port, CmeErrors.IncorrectParameters);
        if ((fun == 1 && rst == 1) || fun == 16)
        {
            if (Profile.Huawei) reply.After = () => _device.RequestReset(Profile.ResetsToStorage);
            return null;
        }
        if (fun == 1)
        {
            if (_cfun != 1)
            {
                _cfun = 1;
                StartRegistration();
            }
            return null;
        }
        _cfun = fun.Value;
        Deregister();
        return null;
    }

    private static bool IsHex(string s) => s.Length > 0 && s.All(Uri.IsHexDigit);

    /// <summary>For the Fill helpers and the CLI: "2,1" style status text.</summary>
    internal string RegistrationSummary => _stat.ToString(CultureInfo.InvariantCulture);
}
