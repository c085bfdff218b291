using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Net;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Engine;

/// <summary>PDP contexts and the NDIS call: ^NDISDUP, ^NDISSTAT URCs, ^NDISSTATQRY, ^DHCP, ^DHCPV6 (§2.7, §2.8, §3.2).</summary>
internal sealed partial class ModemEngine
{
    private readonly SortedDictionary<int, (string Type, string Apn)> _contexts = new() { [1] = ("IP", "") };
    private NdisState _ndis;
    private int _ndisCid;
    private SimPort? _ndisOwner;
    private bool _ndisDelayDone;
    private bool _stale;
    private bool _ndisV6;
    private string _ndisApn = "";

    private bool ApnAccepted(string apn) =>
        _options.ExpectedApn is null || string.Equals(apn, _options.ExpectedApn, StringComparison.OrdinalIgnoreCase);

    public NdisState NdisState { get { lock (_gate) return _ndis; } }

    private string? Data(SimPort port, AtCommand cmd, Reply reply)
    {
        switch (cmd.Name)
        {
            case "+CGDCONT": return Cgdcont(port, cmd, reply);
            case "+CGACT":
                if (cmd.IsQuery)
                {
                    foreach (var cid in _contexts.Keys)
                        reply.Lines.Add($"+CGACT: {cid},{(CidActive(cid) ? 1 : 0)}");
                    return null;
                }
                if (cmd.IsTest) { reply.Lines.Add("+CGACT: (0,1)"); return null; }
                return NeedSim(port);
            case "^NDISDUP": return Profile.SupportsNdis ? NdisDup(port, cmd) : Profile.UnknownCommand;
            case "^NDISSTATQRY": return Profile.SupportsNdis ? NdisStatQry(cmd, reply) : Profile.UnknownCommand;
            case "^DHCP": return Profile.SupportsNdis ? Dhcp(port, cmd, reply) : Profile.UnknownCommand;
            case "^DHCPV6": return Profile.SupportsNdis ? DhcpV6(cmd, reply) : Profile.UnknownCommand;
            case "^DIALMODE" when cmd.IsQuery:
                reply.Lines.Add(Profile.SupportsNdis ? "^DIALMODE:2,3" : "^DIALMODE:0,0");
                return null;
            case "^IPV6CAP" when cmd.IsQuery:
                reply.Lines.Add($"^IPV6CAP: {(Profile.DualStack ? 7 : 1)}");
                return null;
            default:
                return Profile.UnknownCommand;
        }
    }

    private bool CidActive(int cid) =>
        (_ndis is NdisState.Connected or NdisState.Disconnecting && _ndisCid == cid) || _ports.Any(p => p.Mode != PortMode.Command && p.PppCid == cid);

    private string? Cgdcont(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.IsQuery)
        {
            foreach (var (cid, ctx) in _contexts)
                reply.Lines.Add($"+CGDCONT: {cid},\"{ctx.Type}\",\"{ctx.Apn}\",\"0.0.0.0\",0,0");
            return null;
        }
        if (cmd.IsTest)
        {
            reply.Lines.Add("+CGDCONT: (0-11),\"IP\",,,(0-2),(0-3)");
            reply.Lines.Add("+CGDCONT: (0-11),\"IPV6\",,,(0-2),(0-3)");
            reply.Lines.Add("+CGDCONT: (0-11),\"IPV4V6\",,,(0-2),(0-3)");
            return null;
        }
        var a = cmd.Arguments;
        if (a.Count == 0 || a[0].Int is not { } id || id > 11) return Cme(port, CmeErrors.IncorrectParameters);
        if (a.Count == 1)
        {
            _contexts.Remove(id);
            return null;
        }
        var type = a[1].Value.ToUpperInvariant();
        if (type is not ("IP" or "IPV6" or "IPV4V6" or "PPP")) return Cme(port, CmeErrors.IncorrectParameters);
        if (type != "IP" && !Profile.DualStack && Profile.Huawei && Profile.SupportsNdis && type == "IPV6") return Cme(port, CmeErrors.IncorrectParameters);
        var apn = a.Count > 2 ? a[2].Value : "";
        if (!ValidApn(apn)) return Cme(port, CmeErrors.IncorrectParameters);
        _contexts[id] = (type, apn);
        return null;
    }

    private static bool ValidApn(string apn) =>
        apn.Length <= 99 && apn.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private string? NdisDup(SimPort port, AtCommand cmd)
    {
        if (cmd.IsTest) return null;
        if (cmd.IsQuery) return Profile.UnknownCommand;
        var a = cmd.Arguments;
        if (!cmd.IsSet || a.Count < 2) return Cme(port, CmeErrors.IncorrectParameters);
        if (a.Count > 6) return "TOO MANY PARAMETERS";
        if (a[0].Int is not (>= 1 and <= 16) || a[1].Int is not (0 or 1)) return Cme(port, CmeErrors.IncorrectParameters);
        if (a.Count > 2 && !ValidApn(a[2].Value)) return Cme(port, CmeErrors.IncorrectParameters);
        if (a.Count > 5 && a[5].Int is not (>= 0 and <= 3)) return Cme(port, CmeErrors.IncorrectParameters);
        var cid = a[0].Int!.Value;
        var connect = a[1].Int == 1;
        // §1.8: on a port that is not NDIS/PCUI the command answers OK and nothing happens.
        if (port.Role is not (PortRole.Pcui or PortRole.CdcWdm)) return null;
        if (NeedSim(port) is { } blocked) return blocked;
        if (_ports.Any(p => p.Mode != PortMode.Command && p.PppCid == cid)) return Cme(port, CmeErrors.CallCidInOperation);

        if (!connect)
        {
            switch (_ndis)
            {
                case NdisState.Idle:
                    return _options.TeardownIdleError ? "ERROR" : null;
                case NdisState.Disconnecting:
                    return null;
                default:
                    if (cid != _ndisCid) return "ERROR";
                    _ndis = NdisState.Disconnecting;
                    _ndisOwner = port;
                    Schedule(TimeSpan.FromMilliseconds(100), () =>
                    {
                        if (_ndis != NdisState.Disconnecting) return;
                        NdisEnded(36);
                    });
                    return null;
            }
        }

        switch (_ndis)
        {
            case NdisState.Connected when _stale:
                return "ERROR"; // §4.7: the call left up by a previous host run blocks a new one
            case NdisState.Connected:
                if (cid != _ndisCid) return "ERROR";
                _ndisOwner = port;
                Schedule(TimeSpan.FromMilliseconds(20), () => ReportUp(port));
                return null;
            case NdisState.Connecting:
                if (cid != _ndisCid) return "ERROR";
                _ndisOwner = port;
                return null;
            case NdisState.Disconnecting:
                return "ERROR";
        }

        _ndis = NdisState.Connecting;
        _ndisCid = cid;
        _ndisOwner = port;
        _ndisDelayDone = false;
        var type = _contexts.TryGetValue(cid, out var ctx) ? ctx.Type : "IP";
        _ndisApn = a.Count > 2 && a[2].Value.Length > 0 ? a[2].Value : ctx.Apn ?? "";
        _ndisV6 = Profile.DualStack && type is "IPV4V6" or "IPV6";
        Schedule(_options.NdisConnectDelay, () =>
        {
            _ndisDelayDone = true;
            TryCompleteNdis();
        });
        return null;
    }

    private void RegistrationCompleted() => TryCompleteNdis();

    private void TryCompleteNdis()
    {
        if (_ndis != NdisState.Connecting || !_ndisDelayDone || !Registered) return;
        if (NdisRejectCause != 0 || !ApnAccepted(_ndisApn))
        {
            NdisEnded(NdisRejectCause != 0 ? NdisRejectCause : 27); // 27: missing or unknown APN
            return;
        }
        _ndis = NdisState.Connected;
        _device.SetCarrier(true);
        if (_ndisOwner is { } owner) ReportUp(owner);
        if (_qmiOwner is not null) QmiCallUp();
        StartFlowReports();
        if (_options.Faults.ResetOnGsmCall && _servedRat == Rat.Gsm)
            _device.RequestReset(Profile.ResetsToStorage);
    }

    private int _callGeneration;

    /// <summary>^DSFLOWRPT every 2 s while the call is up (§2.11), to ports with ^CURC on.</summary>
    private void StartFlowReports()
    {
        if (!Profile.Huawei) return;
        var generation = ++_callGeneration;
        var since = DateTime.UtcNow;
        void Tick()
        {
            if (generation != _callGeneration || _ndis != NdisState.Connected) return;
            var seconds = (uint)(DateTime.UtcNow - since).TotalSeconds;
            ulong tx = seconds * 1200UL, rx = seconds * 5400UL;
            HuaweiUrc($"^DSFLOWRPT:{seconds:X8},000004B0,00001518,{tx:X16},{rx:X16},0BEBC200,0BEBC200");
            Schedule(TimeSpan.FromSeconds(2), Tick);
        }
        Schedule(TimeSpan.FromSeconds(2), Tick);
    }

    private void ReportUp(SimPort port)
    {
        if (_ndis != NdisState.Connected) return;
        // ^NDISSTAT goes to the dialling port only and is not gated by ^CURC (§2.8).
        Urc(port, "^NDISSTAT:1,,,\"IPV4\"");
        if (_ndisV6) Urc(port, "^NDISSTAT:1,,,\"IPV6\"");
    }

    /// <summary>The call is over (teardown, reject, network drop): URC to the owner, carrier off.</summary>
    private void NdisEnded(int cause)
    {
        var wasUp = _ndis is NdisState.Connected or NdisState.Disconnecting;
        _ndis = NdisState.Idle;
        _stale = false;
        if (wasUp) _device.SetCarrier(false);
        if (_ndisOwner is { } owner)
        {
            var c = cause == 0 ? "" : cause.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Urc(owner, $"^NDISSTAT:0,{c},,\"IPV4\"");
            if (_ndisV6) Urc(owner, $"^NDISSTAT:0,{c},,\"IPV6\"");
        }
        _ndisOwner = null;
        if (_qmiOwner is not null || _qmiPendingStart is not null) QmiCallEnded(cause, wasUp);
    }

    private void NdisDropped(int cause) => NdisEnded(cause);

    /// <summary>The network drops the data call: ^NDISSTAT:0 on NCM, NO CARRIER on PPP ports.</summary>
    public void DropNetwork(int cause)
    {
        lock (_gate)
        {
            if (_ndis != NdisState.Idle) NdisEnded(cause);
            if (_qmiV6Handle != 0 || _qmiV6PendingStart is not null) QmiV6Ended(cause == 0 ? 36 : cause);
            foreach (var p in _ports.Where(p => p.Mode != PortMode.Command).ToList())
                PppCallEnded(p, writeNoCarrier: true);
        }
    }

    private string? NdisStatQry(AtCommand cmd, Reply reply)
    {
        if (cmd.IsTest)
        {
            reply.Lines.Add(_ndis is NdisState.Connected or NdisState.Disconnecting ? $"^NDISSTATQRY: ({_ndisCid})" : "^NDISSTATQRY: ()");
            return null;
        }
        // Balong prints 0 while connecting and 1 while disconnecting (§2.8 AT_NdisGetConnStatus).
        var up = _ndis is NdisState.Connected or NdisState.Disconnecting;
        if (cmd.IsSet && cmd.Arguments.Count > 0 && cmd.Arguments[0].Int != _ndisCid) up = false;
        var s4 = up ? 1 : 0;
        reply.Lines.Add(Profile.DualStack
            ? $"^NDISSTATQRY: {s4},,,\"IPV4\",{(up && _ndisV6 ? 1 : 0)},,,\"IPV6\""
            : $"^NDISSTATQRY: {s4},,,\"IPV4\"");
        return null;
    }

    private string? Dhcp(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.IsTest) { reply.Lines.Add("^DHCP: (1-11)"); return null; }
        if (cmd.IsSet) return null;
        if (_ndis != NdisState.Connected) return "ERROR"; // ERROR until connected (§2.8, §4.6)
        if (_dhcpError) return "ERROR";
        // The PCUI/app path pads (%08X); the NDIS-port path does not (%X).
        var style = _options.DhcpStyle ?? (port.Role == PortRole.CdcWdm ? "unpadded" : "padded");
        string H(System.Net.IPAddress a) => AddressPlan.DhcpHex(a, style);
        var rate = _servedRat == Rat.Lte ? "150000000" : _servedRat == Rat.Wcdma ? "21600000" : "236800";
        reply.Lines.Add($"^DHCP:{H(Plan.Client)},{H(Plan.Netmask)},{H(Plan.Gateway)},{H(Plan.Gateway)},{H(Plan.Dns1)},{H(Plan.Dns2)},{rate},{rate}");
        return null;
    }

    private string? DhcpV6(AtCommand cmd, Reply reply)
    {
        if (cmd.IsTest) { reply.Lines.Add("^DHCPV6: (1-11)"); return null; }
        if (cmd.IsSet) return null;
        if (_ndis != NdisState.Connected || !_ndisV6) return "ERROR";
        reply.Lines.Add($"^DHCPV6:{Plan.Ipv6Client},::,::,::,{Plan.Ipv6Dns},::,150000000,150000000");
        return null;
    }
}
