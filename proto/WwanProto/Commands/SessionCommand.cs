using WwanProto.Core.HiLink;
using WwanProto.Core;
using WwanProto.Core.At;
using WwanProto.Core.Links;
using WwanProto.Core.Native;
using WwanProto.Core.Netifd;
using WwanProto.Core.Qmi;
using WwanProto.Core.Session;
using WwanProto.Core.Sms;
using WwanProto.Core.Ubus;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan session IFACE`: the proto task netifd starts (action 1) after `netifd setup`. Reads the
/// options setup stored (0600 file named by $HUAWEIWWAN_CONFIG), runs the <see cref="ModemSession"/>
/// with the netifd reporter, publishes the ubus status object, and hangs up on SIGTERM within netifd's
/// 5 s. Logs go to stderr, which netifd puts into syslog; no PIN or password is ever logged.
/// With a PPP link the process becomes pppd once the modem is ready (<see cref="NetifdPppLink"/>): the
/// status object goes with it, so `huaweiwwan.IFACE` is not on the bus while pppd carries the link.
/// Exit: 0 stopped cleanly, 1 the session failed (reported to netifd; fatal errors block the restart).
/// </summary>
public static class SessionCommand
{
    public static int Run(string[] args)
    {
        if (args.Length != 1 || !NetifdSetup.ValidInterfaceName(args[0])) throw new UsageException("usage: huaweiwwan session IFACE");
        return RunAsync(args[0]).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string iface)
    {
        void Log(string line) => Console.Error.WriteLine(line);
        SessionConfig config;
        try
        {
            config = SessionConfigFile.ReadFromEnvironment();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            Log($"session: cannot read the options setup stored: {e.Message}");
            await SessionConfigFailure.ReportAsync(iface, Log, CancellationToken.None).ConfigureAwait(false);
            return 1;
        }
        if (config.Interface != iface)
        {
            Log($"session: the stored options are for '{config.Interface}', not '{iface}'");
            return 1;
        }

        var paths = SystemPaths.FromEnvironment();
        var options = config.Options;
        using var signals = ShutdownSignals.Register();
        await using var reporter = NetifdReporter.FromSessionConfig(config, paths, Log);

        var connector = UsbModeFiles.HostConnector(options, paths, message => Log($"session: {message}"));
        // PPP: the session prepares the modem, then becomes pppd (execve) and pppd's hooks report, as with 3g.sh.
        var scriptEnvironment = NetifdPppLink.ScriptEnvironment(Environment.GetEnvironmentVariable(SessionConfigFile.EnvironmentVariable)!, UbusSocketPath.Resolve());
        var links = new DataLinks(ppp: context => context.Modem.PppPort is { } tty
            ? new NetifdPppLink(context, iface, tty, paths, () => reporter.Status, scriptEnvironment, NetifdSetup.SelfPath())
            : throw new SessionException(new SessionError(ErrorCodes.UnsupportedModem, "the modem has neither an NCM network device nor a PPP port", Fatal: true)))
        { Qmi = QmiControl.Link, Ethernet = RouterFamilies.EthernetLink };
        // A modem that left (reset, storage mode) is looked for again as soon as it is back, not after the backoff.
        using var arrivals = DeviceArrivals.Listen(paths, iface, message => Log($"session: {message}"));
        var session = new ModemSession(options, paths, reporter, connector, links, log: Log) { Arrivals = arrivals };

        await PublishStatusAsync(iface, reporter, session, signals.Token, Log).ConfigureAwait(false);
        var error = await session.RunAsync(signals.Token).ConfigureAwait(false);
        // Stopped by netifd: teardown has run (and removed the link state), the call is hung up. A status change on the
        // way out may have written the file again (e.g. the first write failed on a full /var/run): nothing may stay.
        if (signals.Received is not null) LinkState.Delete(paths, iface);
        Log(error is null ? $"session: stopped ({signals.Received?.ToString() ?? "requested"})" : $"session: ended: {error}");
        return error is null ? 0 : 1;
    }

    /// <summary>The ubus object huaweiwwan.IFACE (LuCI's status view). Without ubus the session still runs.</summary>
    private static async Task PublishStatusAsync(string iface, NetifdReporter reporter, ModemSession session, CancellationToken ct, Action<string> log)
    {
        try
        {
            // The addresses come from the link as last reported up to netifd (null while it is down).
            var status = new UbusStatusObject(iface, () => session.Status,
                command => session.QueryAsync(command, AtTimeouts.For(command), ct), () => reporter.LastLink, MessagingUbus.Methods(session.Messaging));
            // A new SMS: the event huaweiwwan.sms on the bus and the hook scripts.
            new SmsArrivals(iface, reporter.ConnectionAsync, new SmsHooks(SmsHooks.DirectoryFromEnvironment(), iface, log), log).Attach(session.Messaging);
            // Published again by the reporter's ubus client after every ubusd restart.
            await reporter.PublishAsync(status.Object, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UbusException or IOException)
        {
            log($"session: status object not published: {e.Message}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // netifd's teardown came while ubusd was still being reached: the session below sees the same token
            // and stops cleanly; this must not end the process as an unhandled exception (exit 134).
        }
    }
}
