using System.Diagnostics;
using WwanProto.Core.Config;
using WwanProto.Core.Native;
using WwanProto.Core.Session;

namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// The PPP data link for standalone mode: runs pppd as a child (it runs `huaweiwwan chat` to dial),
/// reads the negotiated addresses from its log, and reports the link lost when pppd exits.
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
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = Pump(process.StandardError, parser, up);
        var stdout = Pump(process.StandardOutput, parser, up);
        var exited = WatchExitAsync(process, parser, stdout, stderr);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(_options.Timeout, 10)));
        var finished = await Task.WhenAny(up.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        if (finished == up.Task && !process.HasExited)
        {
            var ipv4 = parser.Ipv4Up ? new IpConfig(parser.LocalAddress!, 32, parser.RemoteAddress, parser.Dns.ToArray(), _options.Mtu) : null;
            return new DataLinkUp(parser.Interface ?? _line.Ifname, ipv4, null, NeedsDhcp: false, NeedsDhcpv6: _options.WantsIpv6);
        }
        if (finished == exited || process.HasExited)
        {
            var code = await exited.ConfigureAwait(false);
            RemoveSecrets();
            throw new SessionException(PppExitCodes.ToError(code, parser.LastOther));
        }
        await StopAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        throw new SessionException(new SessionError(ErrorCodes.PppFailed, $"pppd negotiated no IP address within {Math.Max(_options.Timeout, 10)} s"));
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
        RemoveSecrets();
    }

    private void RemoveSecrets()
    {
        if (_line is { } line) PppCommand.RemoveSecrets(line);
    }

    private async Task<int> WatchExitAsync(Process process, PppLogParser parser, Task stdout, Task stderr)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        var code = process.ExitCode;
        _lost.TrySetResult(PppExitCodes.ToError(code, parser.LastOther).ToString());
        return code;
    }

    private async Task Pump(StreamReader reader, PppLogParser parser, TaskCompletionSource up)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            _log.WriteLine($"pppd: {line}");
            bool ready, addressesNow;
            lock (parser)
            {
                var before = parser.Ipv4Up;
                parser.Feed(line);
                addressesNow = !before && parser.Ipv4Up;
                // ipcp_up logs the DNS lines right after the addresses; the second one, or any other line, ends the set.
                ready = parser.Ipv4Up && (!_options.PeerDns || parser.Dns.Count >= 2 || !line.Contains("address", StringComparison.Ordinal));
            }
            if (ready) up.TrySetResult();
            // A network that hands out one DNS server: those lines come in the same burst, half a second is plenty.
            else if (addressesNow) _ = Task.Delay(500).ContinueWith(_ => up.TrySetResult(), TaskScheduler.Default);
        }
    }
}
