using WwanProto.Core.Links;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using WwanProto.Core.Session;

namespace WwanProto.Core.Netifd;

/// <summary>
/// PPP under netifd, the way OpenWrt's 3g.sh does it: pppd is the proto task. The session (action 1) has
/// prepared the modem (mode switch, SIM, radio mode, registration); this link then hands its process over
/// to pppd with execve. Same pid, so netifd's SIGTERM on teardown goes straight to pppd, which hangs up and
/// runs ip-down. From then on pppd's hooks report: huaweiwwan-ppp-up (ppp-up: link-up with the negotiated
/// addresses and the modem data saved in <see cref="PppHandoff"/>), ppp6-up (the dhcpv6 child), ppp-down
/// (link-up false).
///
/// 3g-style recovery: when the link drops while up, ppp-down tells netifd the link is lost, pppd exits 16,
/// netifd runs teardown (ERROR=16, reported as PPP_MODEM_HANGUP) and setup again, and a new session
/// prepares the modem and dials again, at once since that pppd had reached ip-up. When pppd keeps ending by
/// itself before ip-up (dial refused, no answer), teardown counts it (<see cref="PppAttempts"/>) and every new
/// session first waits the session backoff for that count, so netifd's instant re-setup cannot turn into a
/// redial loop. A stop the user asked for (ifdown, a blocked restart's ifup) starts from nothing.
///
/// <see cref="ConnectAsync"/> never returns on success (the process is pppd by then).
/// </summary>
public sealed class NetifdPppLink : IDataLink
{
    /// <summary>Replaces the process; returns errno when it could not. Tests substitute it.</summary>
    public delegate int Exec(IReadOnlyList<string> argv, IEnumerable<string> environment);

    private readonly DataLinkContext _context;
    private readonly string _iface;
    private readonly string _tty;
    private readonly SystemPaths _paths;
    private readonly Func<ModemStatus> _status;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _scriptEnvironment;
    private readonly string _selfExe;
    private readonly Exec _exec;

    public NetifdPppLink(DataLinkContext context, string iface, string tty, SystemPaths paths, Func<ModemStatus> status,
        IReadOnlyList<KeyValuePair<string, string>> scriptEnvironment, string selfExe, Exec? exec = null)
    {
        _context = context;
        _iface = iface;
        _tty = tty;
        _paths = paths;
        _status = status;
        _scriptEnvironment = scriptEnvironment;
        _selfExe = selfExe;
        _exec = exec ?? ((argv, env) => ProcessImage.Replace(argv, env));
    }

    public string Kind => "ppp";

    /// <summary>Never completes: the link's loss is pppd's business (ppp-down, its exit, netifd's teardown).</summary>
    public Task<string> Lost { get; } = new TaskCompletionSource<string>().Task;

    /// <summary>The argv pppd was (to be) exec'd with; nothing secret in it.</summary>
    public IReadOnlyList<string>? Argv { get; private set; }

    /// <summary>
    /// What the ppp hooks need from us, passed through pppd's `set` (pppd gives scripts a clean environment):
    /// the session config file, the ubus socket when not the default, and the test roots when set.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ScriptEnvironment(string configFile, string ubusSocket)
    {
        var env = new List<KeyValuePair<string, string>> { new(SessionConfigFile.EnvironmentVariable, configFile) };
        if (ubusSocket != Ubus.UbusSocketPath.Default) env.Add(new(Ubus.UbusSocketPath.EnvironmentVariable, ubusSocket));
        foreach (var name in new[] { NetifdSetup.BinaryEnvironmentVariable, "HUAWEIWWAN_STATEDIR" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) env.Add(new(name, value));
        return env;
    }

    public async Task<DataLinkUp> ConnectAsync(CancellationToken cancellationToken)
    {
        var log = _context.Log;
        var failures = PppAttempts.Read(_paths, _iface);
        if (failures > 0)
        {
            var wait = BackoffFor(failures);
            log($"pppd: {failures} attempt(s) in a row ended before ip-up; waiting {wait.TotalSeconds:0.0} s before dialling again");
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        var line = PppCommand.Build(_context.Options, _iface, _tty, _paths, PppFlavor.Netifd, _selfExe, _paths.Pppd, _scriptEnvironment);
        Argv = line.Argv;
        try
        {
            new PppHandoff(_tty, line.Ifname, _status() with { LinkType = Kind }).Write(_paths, _iface);
            cancellationToken.ThrowIfCancellationRequested();
            // pppd opens and locks the tty itself. Our control channel and its UUCP lock go first: the lock would
            // name our pid, which after execve is pppd's own, and pppd refuses a lock held by a live process.
            await _context.Modem.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            // Counted by teardown only if pppd ends by itself before ip-up; a pppd netifd stops is no failed attempt.
            log($"handing over to pppd (attempt {failures + 1}): {string.Join(' ', line.Argv)}");
            var errno = _exec(line.Argv, ProcessImage.CurrentEnvironment());
            throw new SessionException(new SessionError(ErrorCodes.PppFailed,
                $"cannot run pppd {line.Argv[0]}: {Libc.StrError(errno)} (errno {errno})", Fatal: true));
        }
        catch
        {
            // Not pppd after all: nothing of its run may stay behind (teardown reads the handoff as "pppd ran").
            PppHandoff.Delete(_paths, _iface);
            PppCommand.RemoveSecrets(line);
            throw;
        }
    }

    /// <summary>The session's backoff after <paramref name="failures"/> consecutive failures.</summary>
    private TimeSpan BackoffFor(int failures)
    {
        var backoff = new Backoff(_context.Tuning.BackoffMin, _context.Tuning.BackoffMax);
        var wait = TimeSpan.Zero;
        for (var i = 0; i < Math.Min(failures, 32); i++) wait = backoff.Next();
        return wait;
    }

    /// <summary>Only reached before the handover (stopped while backing off): there is no pppd of ours to stop.</summary>
    public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
