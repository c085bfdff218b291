using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Net;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;
using WwanProto.ModemSim.State;

namespace WwanProto.ModemSim.Engine;

/// <summary>
/// The modem's firmware: one AT interpreter shared by all ports, the SIM, registration, the NDIS call and
/// PPP. All state changes happen under <see cref="_gate"/>; timers are cancelled by a power cycle.
/// The command handlers live in the partial files named by concern.
/// </summary>
internal sealed partial class ModemEngine : IPortHost
{
    private readonly object _gate = new();
    private readonly SimOptions _options;
    private readonly IDeviceControl _device;
    private readonly List<string> _commandLog = [];
    private readonly List<(string Port, string Line)> _portLog = [];
    private readonly List<string> _trace = [];
    private readonly Random _rng;
    private CancellationTokenSource _power = new();
    private List<SimPort> _ports = [];

    public SimCard Card { get; }
    public AddressPlan Plan { get; }
    public string Imei { get; }
    public ModemProfile Profile { get; private set; }
    public SimFaults Faults => _options.Faults;
    public TimeSpan EscapeGuard => _options.EscapeGuard;
    public bool DoubledCrUrcs => _options.DoubledCrUrcs;
    public string ColonStyle => _options.ColonStyle;

    public ModemEngine(SimOptions options, ModemProfile profile, IDeviceControl device, AddressPlan plan, string imei)
    {
        _options = options;
        _device = device;
        Profile = profile;
        Plan = plan;
        Imei = imei;
        Card = new SimCard(options.Card);
        _rng = new Random(options.Seed * 7919 + 17);
        _rssi = 18 + _rng.Next(9);
        _stale = options.StaleSession;
        if (_stale)
        {
            _ndis = NdisState.Connected;
            _ndisCid = 1;
            _qmiHandle = StaleQmiHandle;
        }
    }

    /// <summary>Handler result: the modem prints nothing at all (it crashed or ignores the line).</summary>
    private const string NoAnswer = "\0no-answer";

    public IReadOnlyList<string> CommandLog { get { lock (_commandLog) return [.. _commandLog]; } }
    public IReadOnlyList<(string Port, string Line)> PortCommandLog { get { lock (_commandLog) return [.. _portLog]; } }
    public IReadOnlyList<string> FaultTrace { get { lock (_trace) return [.. _trace]; } }
    public void Trace(string entry) { lock (_trace) _trace.Add(entry); }

    /// <summary>The device (re-)enumerated with these ports: power-up of SIM, radio, timers.</summary>
    public void PowerUp(ModemProfile profile, List<SimPort> ports)
    {
        lock (_gate)
        {
            Profile = profile;
            _ports = ports;
            _power = new CancellationTokenSource();
            var now = DateTime.UtcNow;
            foreach (var p in ports) ResetPortSettings(p, now);
            if (profile.IsStorage) return;
            _cfun = 1;
            _stat = 0;
            _servedRat = NativeRat(profile);
            if (_ndis != NdisState.Connected || !_stale) { _ndis = NdisState.Idle; _ndisOwner = null; }
            if (_ndis == NdisState.Connected) _device.SetCarrier(true);
            Card.PowerUp(now);
            var busy = Card.BusyUntil - now;
            if (busy > TimeSpan.Zero) Schedule(busy, SimSettled);
            else SimSettled();
            var noise = _options.NoisePeriod > TimeSpan.Zero ? _options.NoisePeriod : profile.NoisePeriod;
            if (profile.NoiseUrcs.Count > 0) Schedule(noise, () => Noise(noise));
        }
    }

    /// <summary>The device went off the bus: timers stop, calls end in the network's view of the host.</summary>
    public void PowerDown()
    {
        lock (_gate)
        {
            _power.Cancel();
            _ports = [];
            _stat = 0;
            if (_ndis != NdisState.Idle) { _ndis = NdisState.Idle; _stale = false; _device.SetCarrier(false); }
            _ndisOwner = null;
            QmiPowerDown();
        }
    }

    private void ResetPortSettings(SimPort port, DateTime now)
    {
        port.Echo = Profile.EchoDefault;
        port.Cmee = Profile.CmeeDefault;
        port.Verbose = true;
        port.Quiet = false;
        port.Curc = 1;
        port.Creg = port.Cgreg = port.Cereg = 0;
        port.Mode = PortMode.Command;
        port.MutedUntil = now + _options.Faults.MuteAfterStart;
        port.FaultUrcs = Profile.FaultUrcs;
    }

    /// <summary>Runs <paramref name="action"/> under the lock after <paramref name="delay"/>, unless the power cycles first.</summary>
    private void Schedule(TimeSpan delay, Action action)
    {
        var token = _power.Token;
        _ = Task.Delay(delay, token).ContinueWith(t =>
        {
            if (t.IsCanceled) return;
            lock (_gate)
            {
                if (token.IsCancellationRequested) return;
                try { action(); }
                catch (Exception e) { Console.Error.WriteLine($"wwan-sim: timer failed: {e}"); }
            }
        }, TaskScheduler.Default);
    }

    private IEnumerable<SimPort> AtPorts => _ports.Where(p => p.Role is PortRole.Pcui or PortRole.Modem or PortRole.Acm);

    public Reply? OnLine(SimPort port, string line)
    {
        lock (_commandLog)
        {
            _commandLog.Add(line);
            _portLog.Add((port.Name, line));
        }
        var commands = AtLineParser.Parse(line, out var malformed);
        if (commands is null) return null;
        if (port.Role == PortRole.CdcWdm && _options.CdcWdmSilent) return null;
        lock (_gate)
        {
            var reply = new Reply();
            if (port.Mode == PortMode.Data) return null;
            foreach (var cmd in commands)
            {
                var final = Execute(port, cmd, reply);
                if (final is null) continue;
                if (final == NoAnswer)
                {
                    reply.Lines.Clear();
                    final = null;
                }
                reply.Final = final;
                return reply;
            }
            if (malformed) reply.Final = "ERROR";
            return reply;
        }
    }

    private string? Execute(SimPort port, AtCommand cmd, Reply reply)
    {
        if (cmd.Name.StartsWith('^') && !Profile.Huawei) return "ERROR";
        return cmd.Name switch
        {
            "E" or "V" or "Q" or "Z" or "&F" or "&C" or "&D" or "&K" or "&V" or "&W" or "X" or "L" or "M" or "I" or "H" or "O" or "A" or "D"
                or "+FCLASS" or "+IFC" or "+IPR" or "+CSCS" or "+CEER" or "+GCAP" => Basic(port, cmd, reply),
            "+CMGF" or "+CNMI" or "+CPMS" or "+CSMS" or "+CSCA" or "+CMGL" or "+CMGR" or "+CMGD" or "+CMGS" or "+CUSD" => Messaging(port, cmd, reply),
            _ when cmd.Name.StartsWith('S') && cmd.Name.Length > 1 && char.IsDigit(cmd.Name[1]) => SRegister(cmd, reply),
            "+CGMI" or "+GMI" or "+CGMM" or "+GMM" or "+CGMR" or "+GMR" or "+CGSN" or "+GSN" or "+CIMI" or "^ICCID" or "^HWVER"
                or "^CARDLOCK" => Identity(port, cmd, reply),
            "+CMEE" => Cmee(port, cmd, reply),
            "+CPIN" or "^CPIN" or "+CLCK" or "+CPINR" or "+CCID" => SimCommand(port, cmd, reply),
            "+CSQ" or "^HCSQ" or "^SYSINFOEX" or "^SYSINFO" or "+COPS" or "+CREG" or "+CGREG" or "+CEREG" or "^SYSCFGEX" or "^SYSCFG"
                or "+CFUN" or "+CGATT" => Network(port, cmd, reply),
            "+CGDCONT" or "+CGACT" or "^NDISDUP" or "^NDISSTATQRY" or "^DHCP" or "^DHCPV6" or "^DIALMODE" or "^IPV6CAP" => Data(port, cmd, reply),
            "^GETPORTMODE" or "^SETPORT" or "^CURC" or "^PORTSEL" or "^RESET" or "^RSSI" or "^RSSIREP" or "^SRVST" or "^SIMST" or "^MODE"
                or "^DSFLOWRPT" or "^BOOT" or "^CERSSI" or "^NWTIME" => Control(port, cmd, reply),
            _ => Profile.UnknownCommand,
        };
    }

    private string Cme(SimPort port, int code) => CmeErrors.Final(code, port.Cmee);

    /// <summary>SIM gate for commands that need the SIM (§2.1): the CME error, or null to go on.</summary>
    private string? NeedSim(SimPort port)
    {
        var blocker = Card.Blocker(DateTime.UtcNow);
        return blocker is null ? null : Cme(port, blocker.Value);
    }

    private void Urc(SimPort port, string text) => port.WriteUrc(text);

    /// <summary>A Huawei report (^RSSI, ^BOOT ...) to every AT port with ^CURC on.</summary>
    private void HuaweiUrc(string text)
    {
        foreach (var p in AtPorts)
            if (p.Curc != 0) p.WriteUrc(text);
    }

    public void OnOpened(SimPort port) { }

    public void OnClosed(SimPort port)
    {
        lock (_gate)
        {
            if (port.Mode != PortMode.Command) PppHostClosed(port);
            if (_ndisOwner == port && _ndis is NdisState.Connected or NdisState.Connecting)
            {
                // The host vanished without a teardown: the stick keeps the PDP up (§3.2).
                _ndisOwner = null;
                if (Profile.StaleOnHostLoss && _ndis == NdisState.Connected) _stale = true;
            }
        }
    }

    public void OnData(SimPort port, ReadOnlySpan<byte> data) => _device.PppData(port, data);

    public void OnEscape(SimPort port)
    {
        lock (_gate)
        {
            if (port.Mode != PortMode.Data) return;
            port.Mode = PortMode.OnlineCommand;
        }
        port.WriteFinal("OK");
    }

    private string Fill(string template) =>
        template.Replace("{rssi}", _rssi.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{hrssi}", (7 + 2 * _rssi).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void Noise(TimeSpan period)
    {
        if (Profile.NoiseUrcs.Count > 0)
        {
            _rssi = Math.Clamp(_rssi + _rng.Next(3) - 1, 10, 31);
            var registered = _stat is 1 or 5;
            foreach (var t in Profile.NoiseUrcs)
                if (registered || t.StartsWith("^BOOT", StringComparison.Ordinal)) HuaweiUrc(Fill(t));
        }
        Schedule(period, () => Noise(period));
    }
}
