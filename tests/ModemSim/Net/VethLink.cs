using System.Diagnostics;

namespace WwanProto.ModemSim.Net;

/// <summary>
/// The modem's data link: a netns for the modem side and a veth pair. The host end (the "wwan0") goes to the
/// caller's netns or <c>hostNetNs</c>; the modem end "mdm0" holds the gateway address and is up only while
/// the data call is up, so the host end sees carrier exactly then. Optionally dnsmasq answers DHCP with
/// the ^DHCP values. Everything is removed on dispose.
/// </summary>
public sealed class VethLink : IDisposable
{
    private static int _counter;
    public const string ModemEnd = "mdm0";
    public const string NcmMac = "00:1e:10:1f:00:00";

    public string Namespace { get; }
    public string HostDev { get; private set; }
    private readonly AddressPlan _plan;
    private string? _hostNs;
    private Process? _dnsmasq;
    private bool _disposed;

    private VethLink(string ns, string hostDev, AddressPlan plan)
    {
        Namespace = ns;
        HostDev = hostDev;
        _plan = plan;
    }

    public static VethLink Create(string hostDev, string? hostNetNs, AddressPlan plan, bool dhcpServer, string stateDir, bool dhcpv6Server = false, Dhcpv6Mode dhcpv6Mode = Dhcpv6Mode.Stateful)
    {
        RemoveOrphans();
        var ns = $"wwsim-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        IpCommand.Run("netns", "add", ns);
        var link = new VethLink(ns, hostDev, plan) { _hostNs = hostNetNs };
        try
        {
            IpCommand.Run("-n", ns, "link", "set", "lo", "up");
            IpCommand.Run("-n", ns, "link", "add", hostDev, "address", NcmMac, "type", "veth", "peer", "name", ModemEnd);
            IpCommand.Run("-n", ns, "addr", "add", $"{plan.Gateway}/{plan.PrefixLength}", "dev", ModemEnd);
            IpCommand.Run("-n", ns, "link", "set", hostDev, "netns", hostNetNs ?? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (dhcpv6Server)
            {
                // mdm0 goes down with each hang-up; without this its IPv6 address (dnsmasq's DHCPv6/RA prefix) went with it.
                IpCommand.Run("netns", "exec", ns, "sysctl", "-q", "-w", $"net.ipv6.conf.{ModemEnd}.keep_addr_on_down=1");
                IpCommand.Run("-n", ns, "addr", "add", $"{plan.Ipv6Dns}/64", "dev", ModemEnd, "nodad");
            }
            if (dhcpServer || dhcpv6Server) link.StartDnsmasq(stateDir, dhcpServer, dhcpv6Server, dhcpv6Mode);
        }
        catch
        {
            link.Dispose();
            throw;
        }
        return link;
    }

    private static int _orphansChecked;

    /// <summary>
    /// Namespaces "wwsim-&lt;pid&gt;-&lt;n&gt;" left by a simulator that was killed (SIGKILL, crashed test host): their pid
    /// is gone, so nobody else can own them. Checked once per process.
    /// </summary>
    private static void RemoveOrphans()
    {
        if (Interlocked.Exchange(ref _orphansChecked, 1) == 1) return;
        var dir = "/run/netns";
        if (!Directory.Exists(dir)) return;
        foreach (var path in Directory.GetFiles(dir, "wwsim-*"))
        {
            var parts = Path.GetFileName(path).Split('-');
            if (parts.Length != 3 || !int.TryParse(parts[1], out var pid) || pid == Environment.ProcessId) continue;
            if (Directory.Exists($"/proc/{pid}")) continue;
            IpCommand.Capture("ip", "netns", "del", Path.GetFileName(path));
        }
    }

    /// <summary>
    /// The host end gets another name, as a replugged device's new netdev does when the kernel names it anew (usb0 ->
    /// usb1): down first (a rename needs that), left down as a new netdev comes.
    /// </summary>
    public void RenameHostEnd(string name)
    {
        if (_disposed || name == HostDev) return;
        string[] In(params string[] args) => _hostNs is null ? args : ["-n", _hostNs, .. args];
        IpCommand.Run(In("link", "set", HostDev, "down"));
        IpCommand.Run(In("link", "set", HostDev, "name", name));
        HostDev = name;
    }

    /// <summary>Modem end up (call connected: carrier on the host end) or down.</summary>
    public void SetCarrier(bool up)
    {
        if (_disposed) return;
        IpCommand.Run("-n", Namespace, "link", "set", ModemEnd, up ? "up" : "down");
    }

    private Action? _restartDnsmasq;

    /// <summary>The DHCP server goes away (killed, as a crashed dnsmasq would): leases stay with the clients, nobody answers.</summary>
    public void StopDhcpServer()
    {
        if (_dnsmasq is not { HasExited: false } d) return;
        d.Kill();
        d.WaitForExit(3000);
    }

    /// <summary>The DHCP server is back, with the options it started with.</summary>
    public void StartDhcpServer()
    {
        if (_dnsmasq is { HasExited: false }) return;
        _dnsmasq?.Dispose();
        _restartDnsmasq?.Invoke();
    }

    private void StartDnsmasq(string stateDir, bool v4, bool v6, Dhcpv6Mode v6Mode)
    {
        _restartDnsmasq = () => StartDnsmasq(stateDir, v4, v6, v6Mode);
        Directory.CreateDirectory(stateDir);
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var args = new List<string>
        {
            "netns", "exec", Namespace, "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv",
            "--no-hosts", "--port=0", "--interface=" + ModemEnd, "--bind-dynamic", "--no-ping",
            "--dhcp-leasefile=" + Path.Combine(stateDir, $"{Namespace}.leases"),
            "--pid-file=",
        };
        if (v4)
            args.AddRange([
                $"--dhcp-range={_plan.Client},{_plan.Client},{_plan.Netmask},10m",
                $"--dhcp-option=option:router,{_plan.Gateway}",
                $"--dhcp-option=option:dns-server,{_plan.Dns1}",
            ]);
        // ra-stateless: the prefix of mdm0's address goes out in the RA for SLAAC, DHCPv6 answers only information-requests.
        if (v6 && v6Mode == Dhcpv6Mode.Slaac)
            args.AddRange([
                $"--dhcp-range={_plan.Ipv6Prefix},ra-stateless,64,10m",
                $"--dhcp-option=option6:dns-server,[{_plan.Ipv6Dns}]",
                "--enable-ra",
            ]);
        else if (v6)
            args.AddRange([
                $"--dhcp-range={_plan.Ipv6Client},{_plan.Ipv6Client},64,10m",
                $"--dhcp-option=option6:dns-server,[{_plan.Ipv6Dns}]",
                "--enable-ra",
            ]);
        foreach (var a in args) psi.ArgumentList.Add(a);
        _dnsmasq = Process.Start(psi);
        if (_dnsmasq is not null)
        {
            _dnsmasq.OutputDataReceived += (_, _) => { };
            _dnsmasq.ErrorDataReceived += (_, _) => { };
            _dnsmasq.BeginOutputReadLine();
            _dnsmasq.BeginErrorReadLine();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_dnsmasq is { HasExited: false }) { _dnsmasq.Kill(); _dnsmasq.WaitForExit(3000); }
        }
        catch (InvalidOperationException) { }
        _dnsmasq?.Dispose();
        // Deleting the namespace deletes mdm0, and with it its peer wherever that lives.
        IpCommand.Capture("ip", "netns", "del", Namespace);
    }
}
