using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using WwanProto.Core.Native;
using WwanProto.ModemSim.Net;

namespace WwanProto.ModemSim.Pppd;

/// <summary>
/// `wwan-sim pppd ...`: a stand-in for pppd 2.4.9 past its option parser, for a kernel without PPP. It follows
/// pppd's documented contract as the product can observe it (man pppd: OPTIONS, SCRIPTS, EXIT STATUS): UUCP lock,
/// the connect script on the tty, the IPCP result lines on stdout (nodetach), ip-up/ip-down with pppd's argv and
/// environment, "Modem hangup" on NO CARRIER or a vanished port, "Terminating on signal" on SIGTERM/SIGINT/SIGHUP.
/// No PPP frames are exchanged: the "peer" is $FAKE_PPPD_PEER; $FAKE_PPPD_TUN=1 creates the interface as a tun
/// device. Unlike pppd it never runs the host's /etc/ppp scripts by default (Debian's ip-up.d rewrites
/// /etc/resolv.conf): the default scripts are looked for under $FAKE_PPPD_ETC only when that is set.
/// $FAKE_PPPD_IPCP_LOG=0 leaves out the IPCP result lines (log text is no stable interface across pppd versions;
/// tests use it to show the product learns the addresses from ip-up, not from the log). $FAKE_PPPD_AUTH=refuse: the peer
/// refuses our credentials after the connect script (exit 19, as pppd's "we failed to authenticate ourselves").
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class FakePppd
{
    public const int ExitFatal = 1, ExitOptionError = 2, ExitUserRequest = 5, ExitLockFailed = 6, ExitOpenFailed = 7,
        ExitConnectFailed = 8, ExitHangup = 16, ExitAuthToPeerFailed = 19;

    // Core's libc bindings are internal to the product; the few numbers needed here are Linux's.
    private const int O_RDWR = 0x2, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, SIGHUP = 1, SIGINT = 2, SIGTERM = 15;
    private const short POLLIN = 0x1, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    private static readonly TimeSpan ScriptBound = TimeSpan.FromSeconds(5);
    private static readonly object LogGate = new();

    public static int Run(IReadOnlyList<string> argv)
    {
        PppdArguments args;
        PppdPeer peer;
        try
        {
            args = PppdArguments.Parse(argv);
            peer = PppdPeer.FromEnvironment();
        }
        catch (Exception e) when (e is PppdOptionException or ArgumentException)
        {
            Console.Error.WriteLine($"pppd: {e.Message}");
            return ExitOptionError;
        }

        var signal = 0;
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            Interlocked.CompareExchange(ref signal, context.Signal switch
            {
                PosixSignal.SIGTERM => SIGTERM, PosixSignal.SIGINT => SIGINT, _ => SIGHUP,
            }, 0);
            try { stop.Cancel(); } catch (ObjectDisposedException) { }
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        var device = args.Device!;
        var devName = Path.GetFileName(device);
        UucpLock? uucp = null;
        if (args.Lock)
        {
            var lockDir = System.Environment.GetEnvironmentVariable("HUAWEIWWAN_LOCKDIR") ?? "/var/lock";
            try { uucp = UucpLock.Acquire(device, lockDir); }
            catch (PortBusyException e)
            {
                Log(e.Pid is { } pid ? $"Device {devName} is locked by pid {pid}" : $"Can't create lock file for {devName}: {e.Message}");
                return ExitLockFailed;
            }
            catch (IOException e)
            {
                Log($"Can't create lock file for {devName}: {e.Message}");
                return ExitLockFailed;
            }
        }
        using (uucp)
        {
            UnixFd tty;
            try
            {
                tty = UnixFd.Open(device, O_RDWR | O_NOCTTY | O_NONBLOCK);
                try
                {
                    var options = new SerialOptions { Baud = args.Speed == 0 ? 115200 : args.Speed, HardwareFlowControl = args.Has("crtscts") };
                    try { SerialPort.Configure(tty, options); }
                    catch (ArgumentException) { SerialPort.Configure(tty, options with { Baud = 115200 }); } // pppd keeps the port's speed
                }
                catch
                {
                    tty.Dispose();
                    throw;
                }
            }
            catch (IOException e)
            {
                Log($"Failed to open {device}: {e.Message}");
                return ExitOpenFailed;
            }
            using (tty)
            {
                if (args.Value("connect") is { } connect)
                {
                    var status = RunConnectScript(connect, device, stop.Token);
                    if (status is null) return Terminated(signal);
                    if (status != 0)
                    {
                        Log("Connect script failed");
                        return ExitConnectFailed;
                    }
                }
                if (stop.IsCancellationRequested) return Terminated(signal);
                Log("Serial connection established.");
                // $FAKE_PPPD_AUTH=refuse: the peer refuses our PAP/CHAP credentials, before any network protocol is up.
                if (System.Environment.GetEnvironmentVariable("FAKE_PPPD_AUTH") == "refuse")
                {
                    Log("CHAP authentication failed");
                    return ExitAuthToPeerFailed;
                }
                var ifname = args.Ifname;
                var tun = System.Environment.GetEnvironmentVariable("FAKE_PPPD_TUN") == "1";
                if (tun)
                {
                    try
                    {
                        IpCommand.Run("tuntap", "add", "dev", ifname, "mode", "tun");
                        IpCommand.Run("link", "set", ifname, "up");
                    }
                    catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                    {
                        Log($"Couldn't create interface {ifname}: {e.Message}");
                        DeleteTun(ifname);
                        return ExitFatal;
                    }
                }
                try
                {
                    return Hold(args, peer, tty, ifname, stop.Token, () => signal);
                }
                finally
                {
                    if (tun) DeleteTun(ifname);
                }
            }
        }
    }

    /// <summary>The link is up: report it, run ip-up, hold it until the modem hangs up or a signal comes.</summary>
    private static int Hold(PppdArguments args, PppdPeer peer, UnixFd tty, string ifname, CancellationToken stop, Func<int> signal)
    {
        var device = args.Device!;
        Log($"Using interface {ifname}");
        Log($"Connect: {ifname} <--> {device}");
        var started = DateTime.UtcNow;
        var peerDns = args.Has("usepeerdns");
        var scripts = new List<Process>();
        var ipcpLog = System.Environment.GetEnvironmentVariable("FAKE_PPPD_IPCP_LOG") != "0";
        if (args.Ipv4)
        {
            if (ipcpLog)
            {
                Log($"local  IP address {peer.Local}");
                Log($"remote IP address {peer.Remote}");
                if (peerDns && peer.Dns1 is { } d1) Log($"primary   DNS address {d1}");
                if (peerDns && peer.Dns2 is { } d2) Log($"secondary DNS address {d2}");
            }
            if (PppdScript.Start(ScriptPath(args, "ip-up-script", "ip-up"), ScriptArgv(args, ifname, peer.Local, peer.Remote),
                    ScriptEnvironment(args, ifname, peer, null)) is { } up) scripts.Add(up);
        }
        var (llLocal, llRemote) = LinkLocal();
        if (args.Ipv6)
        {
            Log($"local  LL address {llLocal}");
            Log($"remote LL address {llRemote}");
            if (PppdScript.Start(ScriptPath(args, "ipv6-up-script", "ipv6-up"), ScriptArgv(args, ifname, llLocal, llRemote),
                    ScriptEnvironment(args, ifname, peer, null, llLocal, llRemote)) is { } up6) scripts.Add(up6);
        }

        var hungUp = WaitForHangup(tty, stop);
        var code = hungUp ? ExitHangup : ExitUserRequest;
        if (hungUp) Log("Modem hangup");
        else
        {
            Log($"Terminating on signal {signal()}");
            if (args.Value("disconnect") is { } disconnect) RunDisconnectScript(disconnect, device);
        }
        var connected = DateTime.UtcNow - started;
        Log($"Connect time {connected.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture)} minutes.");
        if (args.Ipv4)
            PppdScript.Run(ScriptPath(args, "ip-down-script", "ip-down"), ScriptArgv(args, ifname, peer.Local, peer.Remote),
                ScriptEnvironment(args, ifname, peer, connected), ScriptBound);
        if (args.Ipv6)
            PppdScript.Run(ScriptPath(args, "ipv6-down-script", "ipv6-down"), ScriptArgv(args, ifname, llLocal, llRemote),
                ScriptEnvironment(args, ifname, peer, connected, llLocal, llRemote), ScriptBound);
        foreach (var s in scripts)
        {
            // pppd reaps ip-up whenever it ends; one still running at exit is left to itself.
            s.Dispose();
        }
        Log("Connection terminated.");
        return code;
    }

    /// <summary>Reads the tty like pppd's line discipline would see it: "NO CARRIER" (the DCD drop the simulator stands in for), EOF, EIO or HUP end the link.</summary>
    private static bool WaitForHangup(UnixFd tty, CancellationToken stop)
    {
        var recent = new StringBuilder();
        Span<byte> buffer = stackalloc byte[512];
        while (!stop.IsCancellationRequested)
        {
            short events;
            try { events = tty.Poll(POLLIN, 100); }
            catch (IOException) { return true; }
            if ((events & (POLLHUP | POLLERR | POLLNVAL)) != 0 && (events & POLLIN) == 0) return true;
            if ((events & POLLIN) == 0) continue;
            int n;
            try { n = tty.Read(buffer); }
            catch (IOException) { return true; }
            if (n == 0) return true;
            if (n < 0) continue;
            recent.Append(Encoding.Latin1.GetString(buffer[..n]));
            if (recent.ToString().Contains("NO CARRIER", StringComparison.Ordinal)) return true;
            if (recent.Length > 64) recent.Remove(0, recent.Length - 16);
        }
        return false;
    }

    /// <summary>pppd: `/bin/sh -c CMD` with stdin and stdout on the tty, stderr pppd's. Null when a signal ended the wait.</summary>
    private static int? RunConnectScript(string command, string device, CancellationToken stop)
    {
        using var process = StartOnTty(command, device);
        try
        {
            process.WaitForExitAsync(stop).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(2000);
            return null;
        }
        return process.ExitCode;
    }

    private static void RunDisconnectScript(string command, string device)
    {
        using var process = StartOnTty(command, device);
        if (!process.WaitForExit(ScriptBound))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    /// <summary>
    /// A .NET child cannot be handed an arbitrary fd as stdin/stdout, so a shell opens the same tty onto both
    /// and execs pppd's `/bin/sh -c CMD` (the device path and command travel as arguments, never spliced into code).
    /// </summary>
    private static Process StartOnTty(string command, string device)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", "exec /bin/sh -c \"$1\" <\"$0\" >\"$0\"", device, command }) start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new IOException("cannot start /bin/sh");
    }

    private static int Terminated(int signal)
    {
        Log($"Terminating on signal {signal}");
        return ExitUserRequest;
    }

    private static void DeleteTun(string ifname)
    {
        try { IpCommand.Capture("ip", "tuntap", "del", "dev", ifname, "mode", "tun"); }
        catch (TimeoutException) { }
    }

    private static string ScriptPath(PppdArguments args, string option, string name)
    {
        if (args.Value(option) is { } path) return path;
        var etc = System.Environment.GetEnvironmentVariable("FAKE_PPPD_ETC");
        return etc is null ? "" : Path.Combine(etc, name);
    }

    private static List<string> ScriptArgv(PppdArguments args, string ifname, string local, string remote) =>
        [ifname, args.Device!, Speed(args), local, remote, args.IpParam];

    private static string Speed(PppdArguments args) => (args.Speed == 0 ? 115200 : args.Speed).ToString(CultureInfo.InvariantCulture);

    /// <summary>pppd's script environment: only its own variables (SCRIPTS in pppd(8)) plus every `set`.</summary>
    private static Dictionary<string, string> ScriptEnvironment(PppdArguments args, string ifname, PppdPeer peer, TimeSpan? connected,
        string? llLocal = null, string? llRemote = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
            ["IFNAME"] = ifname,
            ["DEVICE"] = args.Device!,
            ["SPEED"] = Speed(args),
            ["IPLOCAL"] = peer.Local,
            ["IPREMOTE"] = peer.Remote,
            ["PEERNAME"] = "",
            ["LINKNAME"] = "",
            ["ORIG_UID"] = RealUid(),
            ["PPPLOGNAME"] = System.Environment.UserName,
            ["PPPD_PID"] = System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        if (args.Has("usepeerdns") && (peer.Dns1 is not null || peer.Dns2 is not null))
        {
            env["USEPEERDNS"] = "1";
            if (peer.Dns1 is { } d1) env["DNS1"] = d1;
            if (peer.Dns2 is { } d2) env["DNS2"] = d2;
        }
        if (llLocal is not null) env["LLLOCAL"] = llLocal;
        if (llRemote is not null) env["LLREMOTE"] = llRemote;
        if (connected is { } c)
        {
            env["CONNECT_TIME"] = ((int)c.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            env["BYTES_SENT"] = "0";
            env["BYTES_RCVD"] = "0";
        }
        foreach (var (name, value) in args.Set) env[name] = value;
        return env;
    }

    /// <summary>Interface identifiers as IPV6CP would pick them: stable per process, distinct for the two ends.</summary>
    private static (string Local, string Remote) LinkLocal()
    {
        var pid = System.Environment.ProcessId;
        return ($"fe80::{pid & 0xffff:x}:{(pid >> 16) & 0xffff:x}:1:1", $"fe80::{pid & 0xffff:x}:{(pid >> 16) & 0xffff:x}:1:2");
    }

    /// <summary>getuid(): the first field of /proc/self/status's Uid line.</summary>
    private static string RealUid()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
                return line[4..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0];
        return "0";
    }

    /// <summary>pppd with nodetach logs to stdout, one line per message.</summary>
    private static void Log(string line)
    {
        lock (LogGate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
