using WwanProto.Core.HiLink;
using Microsoft.Win32.SafeHandles;
using WwanProto.Core;
using WwanProto.Core.DBus;
using WwanProto.Core.Links;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using WwanProto.Core.Qmi;
using WwanProto.Core.Session;
using WwanProto.Core.Sms;
using WwanProto.Core.Standalone;
using WwanProto.Core.Systemd;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan up`: the connection engine in the foreground for machines without netifd (Debian, Raspberry
/// Pi), configuring the interface itself. See <see cref="Help"/> for options and exit codes.
/// </summary>
public static class UpCommand
{
    public const int ExitClean = 0, ExitFatal = 1, ExitUsage = 2, ExitGaveUp = 3;

    private const string Help = """
        usage: huaweiwwan up [--config FILE] [--iface NAME] [--resolv PATH]

        Brings a cellular link up and keeps it up, in the foreground, logging to stderr (with journal priorities
        when stderr is the journal). Under systemd (unit huaweiwwan@.service, Type=notify) it sends READY=1 once
        the link is connected, STATUS= lines as it goes and STOPPING=1 on SIGTERM.
        Options come from a UCI-format file with the same names as under OpenWrt's netifd:
          --config FILE   default /etc/config/network; the `config interface` section with `option proto huaweiwwan`
          --iface NAME    the section to use (needed when the file has several)
          --resolv PATH   where the link's DNS servers go (default /tmp/resolv.conf.d/huaweiwwan-<iface>);
                          /etc/resolv.conf is never touched
        The interface gets the modem's address, a default route (option defaultroute, metric) and MTU; all of it
        is removed when the link drops and on exit. `huaweiwwan down` stops it, `huaweiwwan status` shows it.
        Option dhcp: `busybox udhcpc` runs here for the life of the link (renewing by itself; a changed lease is
        applied, a lost one counts as a lost link); option dhcpv6: ISC `dhclient -6` the same way, with the
        default route from the modem's router advertisements (accept_ra=2). Both are stopped with SIGTERM
        (no release) when the link drops and on exit.
        Environment: HUAWEIWWAN_SYSFS, HUAWEIWWAN_DEVROOT, HUAWEIWWAN_STATEDIR (default /var/run/huaweiwwan),
        HUAWEIWWAN_LOCKDIR, HUAWEIWWAN_PPPD (default /usr/sbin/pppd).

        exit status:
          0  stopped cleanly (SIGTERM/SIGINT, `huaweiwwan down`): hung up, configuration removed
          1  fatal: configuration invalid, SIM problem (PIN, PUK, absent), authentication refused, already running
          2  usage error
          3  a transient failure the engine gave up on (modem gone, network keeps refusing)
        """;

    public static int Run(string[] args)
    {
        string? config = null, iface = null, resolv = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--config": config = Value(); break;
                case "--iface": iface = Value(); break;
                case "--resolv": resolv = Value(); break;
                case "-h" or "--help":
                    Console.Out.Write(Help);
                    return ExitClean;
                default: throw new UsageException($"unexpected argument '{args[i]}' (try --help)");
            }
        }
        return RunAsync(config ?? StandaloneConfig.DefaultPath, iface, resolv).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string configPath, string? wantedIface, string? resolvPath)
    {
        using var stderr = new StreamWriter(new FileStream(new SafeFileHandle(2, ownsHandle: false), FileAccess.Write)) { AutoFlush = true };
        var log = TextWriter.Synchronized(JournalStream.IsStderr() ? new JournalPriorityWriter(stderr) : stderr);
        var (iface, options, errors) = StandaloneConfig.Load(configPath, wantedIface);
        if (options is null || iface is null)
        {
            foreach (var e in errors) log.WriteLine($"huaweiwwan up: {e}");
            return ExitFatal;
        }
        var paths = SystemPaths.FromEnvironment();
        Directory.CreateDirectory(paths.StateDir);
        PidFile pid;
        try
        {
            pid = PidFile.Acquire(PidFile.PathFor(paths, iface));
        }
        catch (IOException e)
        {
            log.WriteLine($"huaweiwwan up: {e.Message}");
            return ExitFatal;
        }
        using (pid)
        using (var signals = ShutdownSignals.Register())
        using (var notify = SdNotify.FromEnvironment())
        using (signals.Token.Register(() => notify.Send("STOPPING=1\n" + SdNotify.StatusLine("stopping: hanging up"))))
        {
            void Log(string message) => log.WriteLine($"{iface}: {message}");
            await using var bus = await HostBusServices.StartAsync(Log, signals.Token).ConfigureAwait(false);
            var resolv = resolvPath ?? ResolvFile.DefaultPath(iface);
            var settings = new HostReporterSettings(StatusFile.PathFor(paths, iface), resolv)
            {
                StateDir = paths.StateDir, Dns = bus.ChooseDns(iface, resolv, options.DefaultRoute), NetdevUp = bus.NetdevUpAsync,
            };
            var reporter = new HostReporter(iface, options, settings, log);
            SessionError? error;
            try
            {
                var selfExe = Environment.ProcessPath ?? "/usr/sbin/huaweiwwan";
                var links = new DataLinks(context => context.Modem.PppPort is { } tty
                    ? new PppLink(context.Options, iface, tty, paths, log, selfExe, flavor: PppFlavor.Standalone, modem: context.Modem)
                    : throw new SessionException(new SessionError(ErrorCodes.UnsupportedModem, "the modem has neither an NCM network device nor a PPP port", Fatal: true)))
                { Qmi = QmiControl.Link, Ethernet = RouterFamilies.EthernetLink };
                using var arrivals = DeviceArrivals.Listen(paths, iface, Log);
                var session = new ModemSession(options, paths, new NotifyingReporter(reporter, notify), UsbModeFiles.HostConnector(options, paths, Log, found: d => bus.ModemFoundAsync(d.SysPath)), new LeaseWatchedLinks(links, reporter), log: Log)
                {
                    Arrivals = arrivals,
                };
                Log($"starting (config {configPath}, state {paths.StateDir})");
                // `huaweiwwan sms` / `ussd` reach this session through a 0600 socket in the state dir; arrivals run the hooks.
                await using var sms = MessagingSocket.Listen(MessagingSocket.PathFor(paths, iface), MessagingUbus.Methods(session.Messaging), Log);
                new SmsArrivals(iface, null, new SmsHooks(SmsHooks.DirectoryFromEnvironment(), iface, Log), Log).Attach(session.Messaging);
                error = await session.RunAsync(signals.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                error = null;
            }
            finally
            {
                await reporter.DisposeAsync().ConfigureAwait(false);
            }
            if (error is null)
            {
                Log($"stopped{(signals.Received is { } s ? $" ({s})" : "")}");
                return ExitClean;
            }
            Log($"giving up: {error}");
            return error.Fatal ? ExitFatal : ExitGaveUp;
        }
    }
}
