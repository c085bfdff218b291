using WwanProto.Core;
using WwanProto.ModemSim.Engine;
using WwanProto.ModemSim.HiLink;
using WwanProto.ModemSim.Net;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;
using WwanProto.ModemSim.Usb;

namespace WwanProto.ModemSim;

/// <summary>
/// A simulated USB modem: ptys for its ports, a sysfs-shaped tree under <see cref="Root"/>, the firmware's
/// AT behaviour (reference/huawei-modems.md), optional veth data link in its own netns. Resets and mode
/// switches take ports away (the client sees EIO/HUP) and bring them back, possibly renumbered.
/// </summary>
public sealed class SimulatedModem : IAsyncDisposable, IDeviceControl
{
    private readonly SimOptions _options;
    private readonly bool _ownsRoot;
    private readonly SysfsTree _tree;
    private readonly ModemEngine _engine;
    private readonly SemaphoreSlim _bus = new(1, 1);
    private readonly CancellationTokenSource _life = new();
    private readonly PppPeers _ppp;
    private VethLink? _veth;
    private HiLinkWebServer? _web;
    private List<SimPort> _ports = [];
    private ModemProfile _profile;
    private ModemProfile? _home;
    private int _ttyUsbBase, _ttyAcmBase, _wdmBase;
    private int _devnum = 1;
    private int _enumerations;
    private bool _disposed;

    public string Root { get; }
    public SystemPaths Paths { get; }
    public string UsbPath { get; }
    public IReadOnlyDictionary<string, string> Ports { get; private set; } = new Dictionary<string, string>();
    public string Imei { get; }
    public string? ModemNetNs => _veth?.Namespace;
    public event Action? Reenumerated;

    /// <summary>The composition currently on the bus ("e3372h-153", "storage-1f01" ...).</summary>
    public string CurrentProfile => _profile.Name;
    public ushort CurrentPid => _profile.Pid;

    /// <summary>Host-side data netdev in the tree (null when the current composition has none).</summary>
    public string? NetDev => _profile.Interfaces.Any(i => i.Net) ? NetDevFor(_profile) : null;

    /// <summary>The addresses ^DHCP reports; the veth's modem end holds <see cref="AddressPlan.Gateway"/>.</summary>
    public AddressPlan Addresses => _engine.Plan;

    /// <summary>Every AT command line received on any port, in order (PINs as-is: tests only).</summary>
    public IReadOnlyList<string> CommandLog => _engine.CommandLog;

    /// <summary>Like <see cref="CommandLog"/>, with the port each line came in on.</summary>
    public IReadOnlyList<(string Port, string Line)> PortCommandLog => _engine.PortCommandLog;

    /// <summary>The fault decisions made so far (split points, URC positions): equal for equal seeds and inputs.</summary>
    public IReadOnlyList<string> FaultTrace => _engine.FaultTrace;

    public NdisState NdisState => _engine.NdisState;

    /// <summary>The web API firmware (HiLink sticks): sessions, SIM, data switch; served while the device is a HiLink stick with a veth.</summary>
    public HiLinkFirmware HiLink { get; }

    /// <summary>QMI firmware hung: cdc-wdm reads requests and answers nothing until the device power-cycles.</summary>
    public bool QmiMuted { get => _engine.QmiMuted; set => _engine.QmiMuted = value; }

    /// <summary>QMI client ids the modem holds now (service, cid).</summary>
    public IReadOnlyList<(WwanProto.Core.Qmi.QmiService Service, byte Cid)> QmiClients => _engine.QmiClients;

    /// <summary>The packet data handle of the QMI call, 0 when no call is up.</summary>
    public uint QmiHandle => _engine.QmiHandle;
    /// <summary>The packet data handle of the QMI IPv6 call (dual stack), 0 when none is up.</summary>
    public uint QmiHandle6 => _engine.QmiHandle6;

    /// <summary>Whether the modem is registered now (+CREG stat 1 or 5).</summary>
    public bool IsRegistered => _engine.IsRegistered;

    /// <summary>QMI requests received, by name and client id.</summary>
    public IReadOnlyList<string> QmiLog => _engine.QmiLog;

    /// <summary>Transaction ids of WMS transfer-route messages the host acknowledged (Send Ack).</summary>
    public IReadOnlyList<uint> WmsAcked => _engine.WmsAcked;

    /// <summary>The link-layer protocol WDA was set to (802.3 unless the host asked for raw IP).</summary>
    public WwanProto.Core.Qmi.WdaMessages.LinkLayer QmiLinkLayer => _engine.QmiLinkLayer;

    /// <summary>How many resets / switches the device went through.</summary>
    public int Enumerations => _enumerations;

    private SimulatedModem(SimOptions options, string root, bool ownsRoot)
    {
        _options = options;
        _ownsRoot = ownsRoot;
        Root = root;
        Paths = new SystemPaths(Path.Combine(root, "sys"), Path.Combine(root, "dev"), Path.Combine(root, "state"), Path.Combine(root, "lock"));
        UsbPath = options.UsbPath;
        _ttyUsbBase = _ttyAcmBase = _wdmBase = options.PortBase;
        _tree = new SysfsTree(Paths);
        _profile = ProfileCatalog.Get(options.Profile);
        Imei = options.Imei ?? ImeiFromSeed(options.Seed);
        var router = _profile.Router ?? (options.HiLinkAddresses ? ProfileCatalog.HiLinkRouter : null);
        if (router is not null && options.CreateVeth && options.HostNetNs is null)
            throw new ArgumentException($"profile {_profile.Name} uses router addresses ({router.Value.Gateway}) that exist on every such device: set HostNetNs to a test namespace");
        _engine = new ModemEngine(options, _profile, this, router is { } r ? AddressPlan.Router(r.Gateway, r.Client) : AddressPlan.Allocate(), Imei);
        _ppp = new PppPeers(options, _engine);
        HiLink = new HiLinkFirmware(options.HiLinkWeb, _engine, () => ((IDeviceControl)this).RequestReset(toStorage: true), SetInternet);
    }

    public static async Task<SimulatedModem> StartAsync(SimOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ownsRoot = options.Root is null;
        var root = options.Root ?? Directory.CreateTempSubdirectory("wwsim-").FullName;
        var modem = new SimulatedModem(options, root, ownsRoot);
        try
        {
            foreach (var d in new[] { modem.Paths.SysRoot, modem.Paths.DevRoot, modem.Paths.StateDir, modem.Paths.LockDir })
                Directory.CreateDirectory(d);
            if (options.CreateVeth)
            {
                if (options.NetDev is null) throw new ArgumentException("CreateVeth needs NetDev (the host-side interface name)");
                modem._veth = await Task.Run(() => VethLink.Create(options.NetDev, options.HostNetNs, modem._engine.Plan, options.DhcpServer, modem.Paths.StateDir, options.Dhcpv6Server, options.Dhcpv6Mode), ct);
                if (modem._engine.NdisState == NdisState.Connected) modem._veth.SetCarrier(true);
            }
            if (options.PppServer && modem._veth is null)
                throw new ArgumentException("PppServer needs CreateVeth (pppd runs in the modem netns)");
            ct.ThrowIfCancellationRequested();
            await modem._bus.WaitAsync(ct);
            try { modem.Enumerate(modem._profile); }
            finally { modem._bus.Release(); }
            if (options.Faults.ResetAfter > TimeSpan.Zero)
                _ = Task.Delay(options.Faults.ResetAfter, modem._life.Token)
                    .ContinueWith(t => t.IsCanceled ? Task.CompletedTask : modem.ResetAsync(options.ResetDownFor, options.Faults.ResetToStorage), TaskScheduler.Default);
        }
        catch
        {
            await modem.DisposeAsync();
            throw;
        }
        return modem;
    }

    private string NetDevFor(ModemProfile p) =>
        _netDevRenamed ?? _options.NetDev ?? (p.Interfaces.Any(i => i.Driver is "cdc_ether" or "rndis_host") ? "usb0" : "wwan0");

    /// <summary>The netdev name after <see cref="ReplugAsync"/> gave the device a new one.</summary>
    private string? _netDevRenamed;

    /// <summary>
    /// Unplugged and plugged back in under a new netdev name (a tethering phone's usb0 comes back as usb1, as when the
    /// kernel names the new RNDIS device while something still holds the old name): ports and tree vanish now and
    /// return after <paramref name="downFor"/> at the same USB path, the veth's host end renamed.
    /// </summary>
    public async Task ReplugAsync(TimeSpan downFor, string newNetDev)
    {
        await _bus.WaitAsync();
        try
        {
            if (_disposed) return;
            var before = _profile;
            Vanish();
            _veth?.RenameHostEnd(newNetDev);
            _netDevRenamed = newNetDev;
            await Task.Delay(downFor);
            if (_disposed) return;
            Enumerate(before);
        }
        finally { _bus.Release(); }
    }

    /// <summary>Puts the composition on the bus: ptys, tree, firmware power-up. Caller holds the bus lock.</summary>
    private void Enumerate(ModemProfile profile)
    {
        profile = Effective(profile);
        _profile = profile;
        _devnum++;
        var ports = new List<SimPort>();
        int usb = 0, acm = 0;
        var seedBase = _options.Seed * 1000 + _enumerations * 100;
        for (var n = 0; n < profile.Interfaces.Count; n++)
        {
            var spec = profile.Interfaces[n];
            if (spec.Tty is { } role)
            {
                var name = role == PortRole.Acm ? $"ttyACM{_ttyAcmBase + acm++}" : $"ttyUSB{_ttyUsbBase + usb++}";
                ports.Add(new SimPort(name, role, n, _engine, seedBase + ports.Count));
            }
            if (spec.CdcWdm)
                ports.Add(new SimPort($"cdc-wdm{_wdmBase}", spec.Driver == "qmi_wwan" ? PortRole.Qmi : PortRole.CdcWdm, n, _engine, seedBase + ports.Count));
        }
        var bindings = ports.Select(p => new PortBinding(p.Interface, p.Name, p.Role, p.PtsPath)).ToList();
        var busnum = int.TryParse(UsbPath.Split('-')[0], out var b) ? b : 1;
        _tree.Create(UsbPath, profile, busnum, _devnum, bindings, profile.Interfaces.Any(i => i.Net) ? NetDevFor(profile) : null);
        _ports = ports;
        _engine.PowerUp(profile, ports);
        foreach (var p in ports) p.Start();
        Ports = ports.ToDictionary(p => p.Name, p => p.PtsPath);
        _enumerations++;
        if (profile.Router is not null && !profile.IsStorage)
        {
            SetCarrier(true); // HiLink / tethering: the router inside the device is always there
            if (profile.Firmware == Firmware.HiLink)
            {
                HiLink.PowerUp();
                if (_veth is not null) _web = new HiLinkWebServer(_veth.Namespace, _engine.Plan.Gateway, HiLink);
            }
        }
        Reenumerated?.Invoke();
    }

    /// <summary>The run's overrides on top of a catalog profile, and the stored ^SETPORT composition on stick firmware.</summary>
    private ModemProfile Effective(ModemProfile profile)
    {
        profile = profile with
        {
            EchoDefault = _options.EchoDefault ?? profile.EchoDefault,
            CmeeDefault = _options.CmeeDefault ?? profile.CmeeDefault,
            UnknownCommand = _options.UnknownCommand ?? profile.UnknownCommand,
        };
        if (profile.Firmware == Firmware.Stick && profile.SetPort is not null && !profile.IsStorage
            && _engine.StoredSetPort is { } stored && !stored.Equals(profile.SetPort, StringComparison.OrdinalIgnoreCase))
            profile = SetPortComposition.Apply(profile, stored);
        return profile;
    }

    /// <summary>Off the bus: ptys closed (client sees EIO/HUP), tree gone. Caller holds the bus lock. Returns whether a port was open.</summary>
    private bool Vanish()
    {
        var anyOpen = _ports.Any(p => p.IsOpen);
        _web?.Dispose();
        _web = null;
        if (_profile.Router is not null) SetCarrier(false); // the device's end of the link is gone
        HiLink.PowerDown();
        _engine.PowerDown();
        _ppp.StopAll();
        foreach (var p in _ports) p.Dispose();
        _ports = [];
        _tree.Remove();
        Ports = new Dictionary<string, string>();
        Reenumerated?.Invoke();
        return anyOpen;
    }

    /// <summary>The device resets: ports vanish now and return after <paramref name="downFor"/>, renumbered or as storage if asked.</summary>
    public async Task ResetAsync(TimeSpan downFor, bool comeBackAsStorage = false, bool renumber = true)
    {
        await _bus.WaitAsync();
        try
        {
            if (_disposed) return;
            var before = _profile;
            Vanish();
            if (renumber) Renumber(before);
            await Task.Delay(downFor);
            if (_disposed) return;
            ModemProfile next;
            if (comeBackAsStorage && !before.IsStorage && before.Firmware is not (Firmware.Phone or Firmware.Module))
            {
                _home = before;
                next = ProfileCatalog.StorageOf(before);
            }
            else next = before;
            Enumerate(next);
        }
        finally { _bus.Release(); }
    }

    private void Renumber(ModemProfile before)
    {
        _ttyUsbBase += before.Interfaces.Count(i => i.Tty is { } r && r != PortRole.Acm);
        _ttyAcmBase += before.Interfaces.Count(i => i.Tty == PortRole.Acm);
        _wdmBase += before.Interfaces.Count(i => i.CdcWdm);
    }

    /// <summary>
    /// Storage mode: the 31-byte Huawei CBW (§1.3) re-enumerates the device as its target composition after
    /// <see cref="SimOptions.SwitchDelay"/>. False when not in storage mode or the bytes are not a switch message.
    /// </summary>
    public bool AcceptSwitchMessage(ReadOnlySpan<byte> cbw)
    {
        if (!_profile.IsStorage || _disposed) return false;
        if (SwitchMessage.Parse(cbw) is not { } message) return false;
        var target = message.Target(_profile.Firmware, _home, _profile.Pid);
        _engine.Trace($"switch {_profile.Name} -> {target.Name} (pc {message.PcType:x2} profile {message.Profile})");
        _ = Task.Run(async () =>
        {
            await _bus.WaitAsync();
            try
            {
                if (_disposed || !_profile.IsStorage) return;
                Vanish();
                await Task.Delay(_options.SwitchDelay);
                if (!_disposed) Enumerate(target);
            }
            finally { _bus.Release(); }
        });
        return true;
    }

    /// <summary>SMS memories, the SMSC and USSD: deliver messages, read what the host sent, inject failures.</summary>
    public Sms.SmsNetwork Sms => _engine.Sms;

    /// <summary>The modem end's dnsmasq dies (<see cref="SimOptions.DhcpServer"/>): no DHCP answers until <see cref="StartDhcpServer"/>.</summary>
    public void StopDhcpServer() => (_veth ?? throw new InvalidOperationException("no veth: start with CreateVeth and DhcpServer")).StopDhcpServer();

    public void StartDhcpServer() => (_veth ?? throw new InvalidOperationException("no veth: start with CreateVeth and DhcpServer")).StartDhcpServer();

    /// <summary>The network drops the call: ^NDISSTAT:0,&lt;cause&gt; to the dialling port, NO CARRIER on PPP ports.</summary>
    public void DropNetwork(int cause = 0) => _engine.DropNetwork(cause);

    /// <summary>
    /// Coverage lost: +CxREG go to <paramref name="stat"/> (2 searching, 0 not searching, 3 denied, 4 unknown) with
    /// the URCs each port enabled, and stay there until <see cref="Reregister"/>. <paramref name="dropCall"/> false:
    /// the data call stays "up" (^NDISSTATQRY 1, no ^NDISSTAT:0, PPP stays in data mode), as some modems report it.
    /// </summary>
    public void Deregister(int stat = 2, bool dropCall = false) => _engine.Deregister(stat, dropCall);

    /// <summary>Coverage back: registered at once as <paramref name="stat"/> (1 home, 5 roaming), or per <see cref="RegistrationOutcome"/>.</summary>
    public void Reregister(int? stat = null) => _engine.Reregister(stat);

    /// <summary>The outcome of the next registration attempts ("home", "roaming", "denied", "searching"); starts as <see cref="SimOptions.Registration"/>.</summary>
    public string RegistrationOutcome { get => _engine.RegistrationOutcome; set => _engine.RegistrationOutcome = value; }

    /// <summary>The SM cause the next NDIS calls are rejected with (0 = accepted); starts as <see cref="SimOptions.NdisRejectCause"/>.</summary>
    public int NdisRejectCause { get => _engine.NdisRejectCause; set => _engine.NdisRejectCause = value; }

    /// <summary>Every port stops answering (reads and drops what it gets, sends no URCs) for <paramref name="duration"/>: firmware busy or hung.</summary>
    public void Mute(TimeSpan duration) => _engine.Mute(duration);

    /// <summary>^DHCP? answers ERROR even while the call is up (§4.6, firmware that never hands out the address).</summary>
    public bool DhcpError { get => _engine.DhcpError; set => _engine.DhcpError = value; }

    /// <summary>PIN and PUK attempts the SIM has left now (a right PIN puts the PIN count back to its start).</summary>
    public (int Pin, int Puk) SimTriesLeft => _engine.SimTriesLeft();

    /// <summary>The SIM's PIN and PUK attempts at the start of the run (<see cref="SimCardOptions"/>; 0 PIN tries for a PUK-locked card).</summary>
    public (int Pin, int Puk) SimTriesAtStart => (_options.Card.State == "puk" ? 0 : _options.Card.PinAttempts, _options.Card.PukAttempts);

    /// <summary>Bytes a client wrote to a port (0 for a diag port nobody touched).</summary>
    public long BytesReceivedOn(string kernelName) => _ports.FirstOrDefault(p => p.Name == kernelName)?.BytesReceived ?? 0;

    void IDeviceControl.RequestReset(bool toStorage) => _ = Task.Run(async () =>
    {
        // The kernel hands out new tty numbers when the old ones are still held open by the host.
        var renumber = _ports.Any(p => p.IsOpen);
        await Task.Delay(100);
        await ResetAsync(_options.ResetDownFor, toStorage, renumber);
    });

    /// <summary>The HiLink stick's call up or down: the "internet" address inside the modem namespace appears or goes.</summary>
    private void SetInternet(bool up)
    {
        if (_veth is null) return;
        var (code, error) = IpCommand.Capture("ip", "-n", _veth.Namespace, "addr", up ? "add" : "del", HiLinkFirmware.InternetAddress + "/32", "dev", "lo");
        if (code != 0 && !error.Contains("File exists") && !error.Contains("Cannot assign"))
            Console.Error.WriteLine($"wwan-sim: internet address {(up ? "add" : "del")} failed: {error.Trim()}");
    }

    public void SetCarrier(bool up)
    {
        try { _veth?.SetCarrier(up); }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"wwan-sim: carrier {(up ? "up" : "down")} failed: {e.Message}");
        }
    }

    void IDeviceControl.PppStarted(SimPort port) => _ppp.Start(port, _veth);
    void IDeviceControl.PppEnded(SimPort port) => _ppp.Stop(port);
    void IDeviceControl.PppData(SimPort port, ReadOnlySpan<byte> data) => _ppp.Write(port, data);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _life.Cancel();
        await _bus.WaitAsync();
        try
        {
            _disposed = true;
            Vanish();
            _veth?.Dispose();
        }
        finally { _bus.Release(); }
        if (_ownsRoot)
        {
            try { Directory.Delete(Root, true); }
            catch (IOException) { }
        }
    }

    /// <summary>"86" + 12 seeded digits + Luhn check digit.</summary>
    public static string ImeiFromSeed(int seed)
    {
        var rng = new Random(seed);
        var digits = "86" + string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + rng.Next(10))));
        var sum = 0;
        for (var i = 0; i < 14; i++)
        {
            var d = digits[i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return digits + (char)('0' + (10 - sum % 10) % 10);
    }
}
