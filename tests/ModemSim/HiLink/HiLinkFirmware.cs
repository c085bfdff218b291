using System.Security.Cryptography;
using System.Text;
using WwanProto.ModemSim.Engine;
using WwanProto.ModemSim.State;

namespace WwanProto.ModemSim.HiLink;

/// <summary>
/// The web API of a HiLink stick: sessions (SessionID cookie) with one-use verification tokens, an optional
/// WebUI login (password_type 4), the SIM and PIN through /api/pin, the mobile data switch that decides
/// whether the stick's own router reaches the "internet" (<see cref="InternetAddress"/> inside the modem
/// namespace), dial-up profiles, status, signal, operator, reboot (back to storage mode), SMS and USSD
/// (<see cref="HiLinkSmsService"/>). Error numbers as the
/// real firmware answers them. State outlives reboots where the stick keeps it (data switch, profiles).
/// </summary>
public sealed class HiLinkFirmware
{
    /// <summary>The "internet" the stick reaches while its data call is up (an address in the modem namespace).</summary>
    public const string InternetAddress = "198.18.0.1";

    private readonly object _gate = new();
    private readonly HiLinkWebOptions _options;
    private readonly ModemEngine _engine;
    private readonly Action _reboot;
    private readonly Action<bool> _internet;
    private readonly HiLinkSmsService _sms;
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly List<string> _log = [];
    private readonly List<Profile> _profiles = [new(1, "Telekom", "internet.telekom", ReadOnly: true)];
    private int _currentProfile = 1;
    private bool _dataSwitch;
    private int _connection = 902;
    private int _loginFailures;
    private long _generation;
    private int _nextId;
    private bool _stuck;

    private sealed class Session
    {
        public readonly HashSet<string> Tokens = new(StringComparer.Ordinal);
        public bool LoggedIn;
    }

    private sealed record Profile(int Index, string Name, string Apn, bool ReadOnly);

    internal HiLinkFirmware(HiLinkWebOptions options, ModemEngine engine, Action reboot, Action<bool> internet)
    {
        _options = options;
        _engine = engine;
        _reboot = reboot;
        _internet = internet;
        _dataSwitch = options.DataSwitch;
        _sms = new HiLinkSmsService(engine);
    }

    /// <summary>"METHOD path -> answer" for every request (PINs and passwords as sent: tests only).</summary>
    public IReadOnlyList<string> Log { get { lock (_gate) return [.. _log]; } }

    public bool DataSwitch { get { lock (_gate) return _dataSwitch; } }
    public int ConnectionStatus { get { lock (_gate) return _connection; } }
    public int LoginFailures { get { lock (_gate) return _loginFailures; } }
    public string? CurrentApn { get { lock (_gate) return _profiles.FirstOrDefault(p => p.Index == _currentProfile)?.Apn; } }

    /// <summary>The stick's web server forgets every session (its idle timeout): the next request gets 125002.</summary>
    public void ExpireSessions() { lock (_gate) _sessions.Clear(); }

    /// <summary>Every handed-out token becomes invalid (sessions stay): the next POST gets 125003.</summary>
    public void ExpireTokens()
    {
        lock (_gate)
            foreach (var session in _sessions.Values) session.Tokens.Clear();
    }

    /// <summary>The stick (re)booted into HiLink mode: no sessions; the data call follows the stored switch.</summary>
    internal void PowerUp()
    {
        lock (_gate)
        {
            _sessions.Clear();
            _connection = 902;
            _generation++;
            _sms.PowerUp();
        }
        Reconcile();
    }

    internal void PowerDown()
    {
        lock (_gate)
        {
            _stuck = false;
            _generation++;
            _sessions.Clear();
            if (_connection == 901) _internet(false);
            _connection = 902;
        }
    }

    /// <summary>
    /// The stick's dialler hangs (a known HiLink failure): the call drops and stays down, whatever the data switch
    /// says, until the stick reboots.
    /// </summary>
    public void HangDialler()
    {
        lock (_gate) _stuck = true;
        DropCall();
    }

    /// <summary>
    /// The stick's call stays "connected" (ConnectionStatus 901) but carries nothing: the "internet" is unreachable
    /// until the call is dialled again (data switch off and on, reboot). What a reachability probe is for.
    /// </summary>
    public void BlackholeCall()
    {
        lock (_gate) if (_connection == 901) _internet(false);
    }

    /// <summary>The network drops the stick's call (it redials by itself while the switch is on, as real sticks do).</summary>
    public void DropCall()
    {
        lock (_gate)
        {
            if (_connection == 901) _internet(false);
            _connection = 902;
            _generation++;
        }
        Reconcile();
    }

    public WebResponse Handle(WebRequest request)
    {
        WebResponse answer;
        lock (_gate)
        {
            answer = Route(request);
            _log.Add($"{request.Method} {request.Path} -> {(answer.Body.Contains("<error>") ? "error " + Between(answer.Body, "<code>", "</code>") : "ok")}");
        }
        return answer;
    }

    private WebResponse Route(WebRequest r)
    {
        if (r.Path == "/api/webserver/SesTokInfo" && r.Method == "GET") return SesTokInfo(r);
        if (r.SessionId is not { } id || !_sessions.TryGetValue(id, out var session)) return Error(125002);
        var headers = new List<KeyValuePair<string, string>>();
        if (r.Method == "POST")
        {
            var token = r.Header("__RequestVerificationToken");
            if (token is null || !session.Tokens.Remove(token)) return Error(125003);
            // A used token is gone; the answer brings the next one.
            if (!(r.Path == "/api/user/login")) headers.Add(new("__RequestVerificationToken", NewToken(session)));
        }
        var open = r.Path is "/api/user/state-login" or "/api/user/login" or "/api/user/logout";
        if (_options.LoginRequired && !session.LoggedIn && !open) return Error(100003);
        if (_sms.Handle(r, headers, _gate) is { } sms) return sms;
        return r.Path switch
        {
            "/api/user/state-login" => Ok($"<State>{(session.LoggedIn ? 0 : -1)}</State><Username>{(session.LoggedIn ? _options.Username : "")}</Username><password_type>4</password_type><firstlogin>0</firstlogin>", headers),
            "/api/user/login" when r.Method == "POST" => Login(r, id, session, headers),
            "/api/device/information" => Ok(DeviceInformation(), headers),
            "/api/pin/status" => Ok(PinStatus(), headers),
            "/api/pin/operate" when r.Method == "POST" => PinOperate(r, headers),
            "/api/dialup/mobile-dataswitch" when r.Method == "GET" => Ok($"<dataswitch>{(_dataSwitch ? 1 : 0)}</dataswitch>", headers),
            "/api/dialup/mobile-dataswitch" => SetDataSwitch(r, headers),
            "/api/monitoring/status" => Ok(MonitoringStatus(), headers),
            "/api/net/current-plmn" => Ok(_engine.IsRegistered
                ? "<State>0</State><FullName>SimNet Mobile</FullName><ShortName>SimNet</ShortName><Numeric>26201</Numeric><Rat>7</Rat>"
                : "<State></State><FullName></FullName><ShortName></ShortName><Numeric></Numeric><Rat></Rat>", headers),
            "/api/device/signal" => Ok("<pci>123</pci><cell_id>1234567</cell_id><rssi>-69dBm</rssi><rsrp>-97dBm</rsrp><rsrq>-8.0dB</rsrq><sinr>10dB</sinr><rscp></rscp><ecio></ecio><mode>7</mode>", headers),
            "/api/dialup/profiles" when r.Method == "GET" => Ok(Profiles(), headers),
            "/api/dialup/profiles" => EditProfiles(r, headers),
            "/api/device/control" when r.Method == "POST" => Control(r, headers),
            "/api/net/net-mode" or "/api/net/register" when _options.NoNetworkSelectionApi => Error(100002),
            "/api/net/net-mode" when r.Method == "GET" => Ok($"<NetworkMode>{_networkMode}</NetworkMode><NetworkBand>3FFFFFFF</NetworkBand><LTEBand>7FFFFFFFFFFFFFFF</LTEBand>", headers),
            "/api/net/net-mode" => SetNetMode(r, headers),
            "/api/net/register" when r.Method == "GET" => Ok($"<Mode>{(_manualPlmn is null ? 0 : 1)}</Mode><Plmn>{_manualPlmn}</Plmn><Rat></Rat>", headers),
            "/api/net/register" => Register(r, headers),
            _ => Error(100002),
        };
    }

    private WebResponse SesTokInfo(WebRequest r)
    {
        var id = r.SessionId;
        if (id is null || !_sessions.ContainsKey(id))
        {
            id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _sessions[id] = new Session();
        }
        var token = NewToken(_sessions[id]);
        return Ok($"<SesInfo>SessionID={id}</SesInfo><TokInfo>{token}</TokInfo>", []);
    }

    private WebResponse Login(WebRequest r, string id, Session session, List<KeyValuePair<string, string>> headers)
    {
        if (_loginFailures >= 3) return Error(108007);
        var user = r.Field("Username") ?? "";
        var token = r.Header("__RequestVerificationToken")!;
        var expected = r.Field("password_type") == "4"
            ? B64Hex(user + B64Hex(_options.Password) + token)
            : Convert.ToBase64String(Encoding.UTF8.GetBytes(_options.Password));
        if (user != _options.Username || r.Field("Password") != expected)
        {
            _loginFailures++;
            headers.Add(new("__RequestVerificationToken", NewToken(session)));
            return Error(108006, headers);
        }
        _loginFailures = 0;
        // A login starts a new session: new cookie, and (newer firmware) a pair of tokens.
        _sessions.Remove(id);
        var fresh = new Session { LoggedIn = true };
        var newId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _sessions[newId] = fresh;
        headers.Add(new("Set-Cookie", $"SessionID={newId}; path=/; HttpOnly;"));
        if (_options.TokenPairAfterLogin)
        {
            headers.Add(new("__RequestVerificationTokenone", NewToken(fresh)));
            headers.Add(new("__RequestVerificationTokentwo", NewToken(fresh)));
        }
        else headers.Add(new("__RequestVerificationToken", NewToken(fresh)));
        return Ok(null, headers);
    }

    private string DeviceInformation() =>
        $"<DeviceName>{_engine.Profile.Model}h-153</DeviceName><SerialNumber>G4PDW16A1234567</SerialNumber><Imei>{_engine.Imei}</Imei>" +
        $"<Imsi>{_engine.Card.Imsi}</Imsi><Iccid>{_engine.Card.Iccid}</Iccid><Msisdn></Msisdn><HardwareVersion>CL2E3372HM</HardwareVersion>" +
        $"<SoftwareVersion>{_engine.Profile.Revision}</SoftwareVersion><WebUIVersion>17.100.13.01.03-Mod1.2</WebUIVersion>" +
        "<MacAddress1>00:1E:10:1F:00:00</MacAddress1><MacAddress2></MacAddress2><ProductFamily>LTE</ProductFamily><Classify>hilink</Classify>";

    private string PinStatus()
    {
        var card = _engine.CardSnapshot();
        var state = card.State switch
        {
            CardState.Absent => 255,
            CardState.Dead => 256,
            _ when card.Busy => 259,
            CardState.Pin => 260,
            CardState.Puk => 261,
            _ => 257,
        };
        return $"<SimState>{state}</SimState><PinOptState>{(card.LockEnabled ? 259 : 258)}</PinOptState><SimPinTimes>{card.PinTries}</SimPinTimes><SimPukTimes>{card.PukTries}</SimPukTimes>";
    }

    private WebResponse PinOperate(WebRequest r, List<KeyValuePair<string, string>> headers)
    {
        if (r.Field("OperateType") != "0") return Error(100006, headers);
        var result = _engine.WebEnterPin(r.Field("CurrentPin") ?? "");
        if (result is not null) return Error(103002, headers);
        Reconcile(lockHeld: true);
        return Ok(null, headers);
    }

    private string _networkMode = "00";
    private string? _manualPlmn;

    /// <summary>NetworkMode as /api/net/net-mode holds it ("00" auto ...).</summary>
    public string NetworkMode { get { lock (_gate) return _networkMode; } }

    /// <summary>The PLMN selected manually through /api/net/register, null for automatic.</summary>
    public string? ManualPlmn { get { lock (_gate) return _manualPlmn; } }

    private WebResponse SetNetMode(WebRequest r, List<KeyValuePair<string, string>> headers)
    {
        var mode = r.Field("NetworkMode");
        if (mode is not ("00" or "01" or "02" or "03" or "0201" or "0302" or "030201") || r.Field("NetworkBand") is null || r.Field("LTEBand") is null)
            return Error(100006, headers);
        _networkMode = mode;
        return Ok(null, headers);
    }

    /// <summary>Mode 0 automatic; Mode 1 manual: only the simulated network (26201) is there, anything else is refused.</summary>
    private WebResponse Register(WebRequest r, List<KeyValuePair<string, string>> headers)
    {
        switch (r.Field("Mode"))
        {
            case "0": _manualPlmn = null; return Ok(null, headers);
            case "1" when r.Field("Plmn") == "26201": _manualPlmn = "26201"; return Ok(null, headers);
            case "1": return Error(100006, headers);
            default: return Error(100005, headers);
        }
    }

    private WebResponse SetDataSwitch(WebRequest r, List<KeyValuePair<string, string>> headers)
    {
        var value = r.Field("dataswitch");
        if (value is not ("0" or "1")) return Error(100006, headers);
        _dataSwitch = value == "1";
        if (!_dataSwitch && _connection == 901) _internet(false);
        if (!_dataSwitch) _connection = 902;
        _generation++;
        Reconcile(lockHeld: true);
        return Ok(null, headers);
    }

    private string MonitoringStatus()
    {
        var card = _engine.CardSnapshot();
        var registered = _engine.IsRegistered;
        var wan = _connection == 901 ? "10.47.112.9" : "";
        return $"<ConnectionStatus>{_connection}</ConnectionStatus><WifiConnectionStatus></WifiConnectionStatus><SignalStrength></SignalStrength>" +
               $"<SignalIcon>{(registered ? 4 : 0)}</SignalIcon><CurrentNetworkType>{(registered ? 19 : 0)}</CurrentNetworkType>" +
               $"<CurrentServiceDomain>{(registered ? 3 : 0)}</CurrentServiceDomain><RoamingStatus>0</RoamingStatus><BatteryStatus></BatteryStatus>" +
               $"<SimStatus>{(card.State is CardState.Absent ? 255 : 1)}</SimStatus><WirelessStatus>0</WirelessStatus><ServiceStatus>{(registered ? 2 : 1)}</ServiceStatus>" +
               $"<WanIPAddress>{wan}</WanIPAddress><PrimaryDns>{(wan.Length > 0 ? "10.74.210.210" : "")}</PrimaryDns><SecondaryDns></SecondaryDns>" +
               $"<CurrentNetworkTypeEx>{(registered ? 101 : 0)}</CurrentNetworkTypeEx><maxsignal>5</maxsignal><simlockStatus>0</simlockStatus>";
    }

    private string Profiles()
    {
        var text = new StringBuilder($"<CurrentProfile>{_currentProfile}</CurrentProfile><Profiles>");
        foreach (var p in _profiles)
            text.Append($"<Profile><Index>{p.Index}</Index><IsValid>1</IsValid><Name>{Esc(p.Name)}</Name><ApnIsStatic>1</ApnIsStatic><ApnName>{Esc(p.Apn)}</ApnName>")
                .Append($"<DialupNum>*99#</DialupNum><Username></Username><Password></Password><AuthMode>0</AuthMode><IpIsStatic></IpIsStatic><IpAddress></IpAddress>")
                .Append($"<DnsIsStatic></DnsIsStatic><PrimaryDns></PrimaryDns><SecondaryDns></SecondaryDns><ReadOnly>{(p.ReadOnly ? 2 : 0)}</ReadOnly><iptype>2</iptype></Profile>");
        return text.Append("</Profiles>").ToString();
    }

    private WebResponse EditProfiles(WebRequest r, List<KeyValuePair<string, string>> headers)
    {
        if (!int.TryParse(r.Field("Modify"), out var modify) || !int.TryParse(r.Field("SetDefault"), out var setDefault)) return Error(100006, headers);
        if (modify is 1 or 2)
        {
            var name = r.Field("Name") ?? "";
            var apn = r.Field("ApnName") ?? "";
            if (apn.Length == 0) return Error(100006, headers);
            if (modify == 1) _profiles.Add(new(_profiles.Max(p => p.Index) + 1, name, apn, false));
            else
            {
                var index = int.TryParse(r.Field("Index"), out var i) ? i : -1;
                var at = _profiles.FindIndex(p => p.Index == index);
                if (at < 0 || _profiles[at].ReadOnly) return Error(100006, headers);
                _profiles[at] = _profiles[at] with { Name = name, Apn = apn };
            }
        }
        if (setDefault > 0)
        {
            if (_profiles.All(p => p.Index != setDefault)) return Error(100006, headers);
            _currentProfile = setDefault;
        }
        // A new default profile redials.
        if (_connection == 901) _internet(false);
        _connection = 902;
        _generation++;
        Reconcile(lockHeld: true);
        return Ok(null, headers);
    }

    private WebResponse Control(WebRequest r, List<KeyValuePair<string, string>> headers)
    {
        if (r.Field("Control") != "1") return Error(100006, headers);
        _ = Task.Run(async () => { await Task.Delay(100); _reboot(); });
        return Ok(null, headers);
    }

    /// <summary>Brings the call to what the switch, SIM, registration and APN allow: up after <see cref="HiLinkWebOptions.ConnectDelay"/>.</summary>
    private void Reconcile(bool lockHeld = false)
    {
        if (!lockHeld) Monitor.Enter(_gate);
        try
        {
            if (!_dataSwitch || _connection is 900 or 901) return;
            _connection = 900;
            var generation = ++_generation;
            _ = Task.Run(async () =>
            {
                // Registration comes shortly after the SIM is ready; wait for it (bounded), as the firmware's dialler does.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                await Task.Delay(_options.ConnectDelay);
                while (!_engine.IsRegistered && DateTime.UtcNow < deadline)
                {
                    lock (_gate) if (generation != _generation) return;
                    await Task.Delay(50);
                }
                lock (_gate)
                {
                    if (generation != _generation) return;
                    var apnOk = _options.ExpectedApn is null || string.Equals(CurrentApn, _options.ExpectedApn, StringComparison.OrdinalIgnoreCase);
                    if (!_engine.IsRegistered || !apnOk || _stuck) { _connection = 902; return; }
                    _connection = 901;
                    _internet(true);
                }
            });
        }
        finally { if (!lockHeld) Monitor.Exit(_gate); }
    }

    private string NewToken(Session session)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        session.Tokens.Add(token);
        return token;
    }

    internal static WebResponse Ok(string? content, IReadOnlyList<KeyValuePair<string, string>> headers) =>
        new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n" + (content is null ? "<response>OK</response>" : $"<response>\r\n{content}\r\n</response>\r\n"), headers);

    internal static WebResponse Error(int code, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<error>\r\n<code>{code}</code>\r\n<message></message>\r\n</error>\r\n", headers ?? []);

    private static string B64Hex(string text) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))));

    private static string Esc(string s) => System.Security.SecurityElement.Escape(s) ?? "";

    private static string Between(string text, string a, string b)
    {
        var i = text.IndexOf(a, StringComparison.Ordinal);
        var j = i < 0 ? -1 : text.IndexOf(b, i, StringComparison.Ordinal);
        return i < 0 || j < 0 ? "?" : text[(i + a.Length)..j];
    }
}
