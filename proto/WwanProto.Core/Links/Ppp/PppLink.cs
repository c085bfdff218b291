using System.Diagnostics;
using WwanProto.Core.Config;
using WwanProto.Core.Native;
using WwanProto.Core.Session;

namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// The PPP data link for standalone mode: runs pppd as a child (it runs `huaweiwwan chat` to dial),
/// learns the negotiated addresses from pppd's ip-up hook (<see cref="PppHookScript"/>, reporting through an
/// <see cref="EventFifo"/>: the documented interface, unlike log text), and reports the link lost when the
/// ip-down hook runs or pppd exits. pppd's log lines go to our log and name the cause when it fails.
/// </summary>
public sealed class PppLink : IDataLink
{
    private readonly InterfaceOptions _options;
    private readonly string _iface;
    private readonly string _tty;
    private readonly SystemPaths _paths;
    private readonly TextWriter _log;
    private readonly string? _selfExe;
    private readonly string? _pppd;
    private readonly PppFlavor _flavor;
    private readonly ModemConnection? _modem;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private PppCommandLine? _line;
    private EventFifo? _events;

    /// <summary>How long pppd gets to exit after its ip-down hook ran before the link is reported lost without it.</summary>
    private static readonly TimeSpan DownGrace = TimeSpan.FromSeconds(3);

    /// <param name="modem">The opened modem; when its control port is also the PPP port, the link lends it to pppd.</param>
    /// <param name="environment">Extra environment for pppd and its scripts' parent (tests: the stand-in's settings).</param>
    public PppLink(InterfaceOptions options, string iface, string tty, SystemPaths paths, TextWriter log,
        string? selfExe = null, string? pppd = null, PppFlavor flavor = PppFlavor.Standalone, ModemConnection? modem = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        _options = options;
        _iface = iface;
        _tty = tty;
        _paths = paths;
        _log = log;
        _selfExe = selfExe;
        _pppd = pppd; // null: paths.Pppd ($HUAWEIWWAN_PPPD)
        _flavor = flavor;
        _modem = modem;
        _environment = environment;
    }

    public string Kind => "ppp";

    public Task<string> Lost => _lost.Task;

    /// <summary>The argv pppd was started with (nothing secret in it).</summary>
    public IReadOnlyList<string>? Argv => _line?.Argv;

    public async Task<DataLinkUp> ConnectAsync(CancellationToken cancellationToken)
    {
        await StopAsync().ConfigureAwait(false);
        _lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _line = PppCommand.Build(_options, _iface, _tty, _paths, _flavor, _selfExe, _pppd);
        // One port for AT and PPP (a phone's ttyACM): pppd locks and opens it, so our channel must let go first.
        if (_modem is { PppSharesControl: true, ControlLent: false } modem)
        {
            _log.WriteLine($"ppp: {_tty} is also the control port: closing it for pppd");
            await modem.LendControlAsync().ConfigureAwait(false);
        }
        PppHookScript.Write(_paths, _iface);
        var events = _events = EventFifo.Create(PppHookScript.FifoPath(_paths, _iface));
        var start = new ProcessStartInfo(_line.Argv[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var arg in _line.Argv.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (name, value) in _environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new SessionException(new SessionError(ErrorCodes.PppFailed, $"could not start {_line.Argv[0]}"));
        _process = process;
        _log.WriteLine($"ppp: started pppd (pid {process.Id}) on {_tty} as {_line.Ifname}");

        var parser = new PppLogParser();
        var stderr = Pump(process.StandardError, parser);
        var stdout = Pump(process.StandardOutput, parser);
        var exited = WatchExitAsync(process, parser, stdout, stderr);
        var up = new TaskCompletionSource<PppHookEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = ReadHooksAsync(events, up, exited, _lost);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(_options.Timeout, 10)));
        var finished = await Task.WhenAny(up.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        if (finished == up.Task && !process.HasExited)
        {
            var hook = await up.Task.ConfigureAwait(false);
            // DNS1/DNS2 only exist with usepeerdns; a network handing out one server gives one.
            var ipv4 = new IpConfig(hook.Local, 32, hook.Remote, _options.PeerDns ? hook.Dns : [], _options.Mtu);
            return new DataLinkUp(hook.Ifname, ipv4, null, NeedsDhcp: false, NeedsDhcpv6: _options.WantsIpv6);
        }
        if (finished == exited || process.HasExited)
        {
            var code = await exited.ConfigureAwait(false);
            RemoveFiles();
            throw new SessionException(PppExitCodes.ToError(code, parser.LastOther));
        }
        await StopAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        throw new SessionException(new SessionError(ErrorCodes.PppFailed, $"pppd negotiated no IP address (its ip-up did not run) within {Math.Max(_options.Timeout, 10)} s"));
    }

    public Task DisconnectAsync(CancellationToken cancellationToken) => StopAsync();

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>SIGTERM (pppd hangs up with LCP terminate and restores the port), SIGKILL after 4 s.</summary>
    private async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null)
        {
            try
            {
                if (!process.HasExited)
                {
                    Libc.Kill(process.Id, Libc.SIGTERM);
                    using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(4));
                    try { await process.WaitForExitAsync(bound.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { process.Kill(); await process.WaitForExitAsync().ConfigureAwait(false); }
                }
            }
            finally { process.Dispose(); }
        }
        RemoveFiles();
    }

    /// <summary>The password file, the event pipe and the hooks: nothing of ours stays behind once pppd is gone.</summary>
    private void RemoveFiles()
    {
        if (_line is { } line) PppCommand.RemoveSecrets(line);
        _events?.Dispose();
        _events = null;
        PppHookScript.Remove(_paths, _iface);
    }

    /// <summary>The first ip-up completes <paramref name="up"/>; an ip-down after it reports the link lost unless pppd's own exit (which says why) follows promptly.</summary>
    private async Task ReadHooksAsync(EventFifo events, TaskCompletionSource<PppHookEvent> up, Task<int> exited, TaskCompletionSource<string> lost)
    {
        await foreach (var line in events.Lines.ReadAllAsync().ConfigureAwait(false))
        {
            if (PppHookEvent.Parse(line) is not { } hook)
            {
                _log.WriteLine($"ppp: ignoring a malformed hook event: {line}");
                continue;
            }
            _log.WriteLine($"ppp: {(hook.Up ? PppHookEvent.UpKind : PppHookEvent.DownKind)} on {hook.Ifname}: local {hook.Local}, remote {hook.Remote}, dns [{string.Join(' ', hook.Dns)}]");
            if (hook.Up) up.TrySetResult(hook);
            else if (up.Task.IsCompleted)
            {
                if (await Task.WhenAny(exited, Task.Delay(DownGrace)).ConfigureAwait(false) != exited)
                    lost.TrySetResult(new SessionError(ErrorCodes.PppFailed, $"IPCP went down on {hook.Ifname} (pppd ran ip-down and is still running)").ToString());
                return;
            }
        }
    }

    private async Task<int> WatchExitAsync(Process process, PppLogParser parser, Task stdout, Task stderr)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        var code = process.ExitCode;
        _lost.TrySetResult(PppExitCodes.ToError(code, parser.LastOther).ToString());
        return code;
    }

    /// <summary>pppd's log into ours; the parser only keeps its last words for the error when it exits.</summary>
    private async Task Pump(StreamReader reader, PppLogParser parser)
    {
        using var _ = reader; // Process.Dispose leaves a stream we read open: closed here at pppd's EOF (see IpCommand)
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            _log.WriteLine($"pppd: {line}");
            lock (parser) parser.Feed(line);
        }
    }
}
