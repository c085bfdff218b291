using WwanProto.Core.At;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// netifd's `teardown`. It never sends updates (netifd refuses them during teardown, and takes the
/// interface down itself when we exit), finishes well inside netifd's 5 s deadline, and is idempotent.
/// While the session runs (no $ERROR), the session hangs up itself on the SIGTERM netifd sends after
/// teardown — we must not touch its port. When the session already ended ($ERROR set: it crashed, was
/// killed, or gave up), nobody hung up: a call still up would make the next ^NDISDUP fail, so we end it
/// with ^NDISDUP=&lt;cid&gt;,0 on the control port it recorded. When the proto task was pppd (the session exec'd
/// it, <see cref="NetifdPppLink"/>), $ERROR is pppd's exit status: it is reported as an error (the one notify
/// teardown sends; netifd accepts errors then), counted as a failed attempt when pppd never reached ip-up
/// (<see cref="PppAttempts"/>), and pppd's leftovers (a stale tty lock, the password file) go.
/// netifd sets $ERROR only for a proto task that ended by itself: after ifdown it runs teardown while the task
/// still runs and SIGTERMs it afterwards, so that pppd's end is never counted.
/// Then the root-only files go.
/// </summary>
public static class NetifdTeardown
{
    /// <summary>All of teardown's own work; netifd SIGKILLs at 5 s.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public static int Run(HandlerCall call, TextWriter log, Func<string, IAtChannel>? openPort = null) =>
        RunAsync(call, SystemPaths.FromEnvironment(), Environment.GetEnvironmentVariable("ERROR"), log, openPort, CancellationToken.None)
            .GetAwaiter().GetResult();

    public static async Task<int> RunAsync(HandlerCall call, SystemPaths paths, string? sessionExit, TextWriter log,
        Func<string, IAtChannel>? openPort, CancellationToken cancellationToken)
    {
        if (!NetifdSetup.ValidInterfaceName(call.Interface))
        {
            log.WriteLine($"teardown: interface name '{call.Interface}' is not a netifd interface name");
            return 2;
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        var state = LinkState.Read(paths, call.Interface);
        var ppp = PppHandoff.Read(paths, call.Interface);
        if (sessionExit is not null)
        {
            if (ppp is not null && int.TryParse(sessionExit, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                log.WriteLine($"teardown: pppd (the proto task) exited with status {code}");
                var blocked = await ReportPppExitAsync(call, code, log, budget.Token).ConfigureAwait(false);
                CountPppExit(paths, call.Interface, ppp, blocked, log);
            }
            else
            {
                log.WriteLine($"teardown: the session ended with status {sessionExit}");
                // The session only ends by itself on a fatal error, which blocked the restart: the next setup is the user's.
                PppAttempts.Reset(paths, call.Interface);
                if (state is { Connected: true, LinkType: "ncm", ControlPort: { } port } && openPort is not null)
                    await HangUpStaleCallAsync(port, state.Cid, openPort, log, budget.Token).ConfigureAwait(false);
            }
        }
        else
        {
            // netifd stops the interface on purpose (ifdown, reload) and stops pppd only after us: the next ifup must
            // not wait for old PPP failures.
            PppAttempts.Reset(paths, call.Interface);
        }
        if (ppp is not null) RemoveStaleLock(ppp.Tty, paths, log);
        RemoveFile(PppCommand.SecretsPath(paths, call.Interface));
        PppHandoff.Delete(paths, call.Interface);
        // The session's wake FIFO: gone with the session, except when it became pppd (execve) or was killed.
        RemoveFile(Usb.Hotplug.SessionWake.PathFor(paths, call.Interface));
        SessionConfigFile.Delete(paths, call.Interface);
        LinkState.Delete(paths, call.Interface);
        return 0;
    }

    /// <summary>
    /// pppd was the proto task, so $ERROR is its exit status: report it as ppp.sh's teardown does (netifd takes
    /// error notifies during teardown; only updates are refused). Restarts are blocked only for what cannot fix
    /// itself (option error, not root, no kernel PPP, authentication refused); 0 is a clean end, nothing to say.
    /// Returns whether the restart is blocked.
    /// </summary>
    private static async Task<bool> ReportPppExitAsync(HandlerCall call, int code, TextWriter log, CancellationToken ct)
    {
        if (code == 0) return false;
        var error = PppExitCodes.ToError(code);
        log.WriteLine($"teardown: {error}");
        await using var netifd = new NetifdNotifier(call.Interface, call.UbusSocket, Budget);
        try
        {
            await netifd.NotifyAsync(NotifyMessages.Error(call.Interface, error.Code, [error.Message]), ct).ConfigureAwait(false);
            if (error.Fatal) await netifd.NotifyAsync(NotifyMessages.BlockRestart(call.Interface), ct).ConfigureAwait(false);
        }
        catch (UbusException e)
        {
            log.WriteLine($"teardown: could not report pppd's status to netifd: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            // The exception's own text is a resource key in the trimmed binary: say what ran out.
            log.WriteLine($"teardown: could not report pppd's status to netifd: no answer over ubus within teardown's {Budget.TotalSeconds:0} s");
        }
        return error.Fatal;
    }

    /// <summary>
    /// pppd ended by itself. Before ip-up that is one more failed attempt in a row, which netifd's instant re-setup
    /// backs off for; after ip-up (a hang-up of a working link) or with the restart blocked (the next setup is the
    /// user's ifup) the count starts again.
    /// </summary>
    private static void CountPppExit(SystemPaths paths, string iface, PppHandoff ppp, bool blocked, TextWriter log)
    {
        if (ppp.ReachedIpUp || blocked)
        {
            PppAttempts.Reset(paths, iface);
            return;
        }
        var failures = PppAttempts.Increment(paths, iface);
        log.WriteLine($"teardown: pppd ended before ip-up: {failures} attempt(s) in a row");
    }

    /// <summary>pppd removes its lock when it exits; a SIGKILLed one leaves it behind (pppd and we both take such a lock over, but not silently).</summary>
    private static void RemoveStaleLock(string tty, SystemPaths paths, TextWriter log)
    {
        var path = Path.Combine(paths.LockDir, UucpLock.FileName(tty));
        if (!File.Exists(path) || UucpLock.Holder(tty, paths.LockDir) is not null) return;
        RemoveFile(path);
        log.WriteLine($"teardown: removed the stale lock {path}");
    }

    private static void RemoveFile(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task HangUpStaleCallAsync(string port, int cid, Func<string, IAtChannel> openPort, TextWriter log, CancellationToken ct)
    {
        if (!File.Exists(port))
        {
            log.WriteLine($"teardown: {port} is gone; the modem dropped the call itself");
            return;
        }
        var command = $"AT^NDISDUP={cid},0";
        try
        {
            await using var at = openPort(port);
            var answer = await at.SendAsync(command, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            // ERROR is the normal answer of some firmware when no call is up (huawei-modems.md §4).
            log.WriteLine($"teardown: hung up the call the session left on {port}: {answer.Describe()}");
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.WriteLine($"teardown: could not hang up on {port} ({command}): {e.Message}");
        }
    }
}
