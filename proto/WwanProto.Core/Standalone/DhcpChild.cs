using System.Diagnostics;
using System.Threading.Channels;
using WwanProto.Core.Native;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>
/// A DHCP client supervised for the life of a standalone link (option dhcp/dhcpv6): started when the link
/// comes up, it keeps the lease (renewing at T1, rebinding at T2 by itself) until <see cref="DisposeAsync"/>
/// stops it with SIGTERM (no release: the next connect asks for the same address again), on link loss
/// and on exit. Its event script's lines arrive on the child's stdout pipe (event-driven, no polling);
/// <see cref="StartAsync"/> returns the first lease, <see cref="LeaseChanged"/> hears every later
/// bound/renew, and <see cref="Lost"/> completes when the lease is gone (deconfig, NAK, expiry) or the
/// client died: the link is then as good as lost.
/// </summary>
public sealed class DhcpChild : IAsyncDisposable
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(3);

    private readonly DhcpFlavor _flavor;
    private readonly string _dev;
    private readonly string? _netns;
    private readonly Action<string> _log;
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<IpConfig> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private volatile bool _stopping;
    private volatile string? _lastOutput;

    public DhcpChild(DhcpFlavor flavor, string dev, string stateDir, string? netns, Action<string> log)
    {
        _flavor = flavor;
        _dev = dev;
        _netns = netns;
        _log = log;
        Files = flavor.FilesFor(stateDir, dev);
        StateDir = stateDir;
    }

    public DhcpFiles Files { get; }
    public string StateDir { get; }
    public string Device => _dev;
    public DhcpFlavor Flavor => _flavor;

    /// <summary>The current lease; null before the first.</summary>
    public IpConfig? Lease { get; private set; }

    /// <summary>Completes with a reason when the lease is gone or the client ended on its own.</summary>
    public Task<string> Lost => _lost.Task;

    /// <summary>Every bound/renew after the first lease, with the lease before it; awaited before the next event.</summary>
    public Func<DhcpEvent, Task>? LeaseChanged { get; set; }

    /// <summary>Starts the client and waits for its first lease; NO_IPADDR (not fatal) when none comes within <paramref name="bound"/>.</summary>
    public async Task<IpConfig> StartAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("DHCP clients need a Unix host");
        WriteScript();
        var start = new ProcessStartInfo(_netns is null ? _flavor.Program : "ip")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        // `ip netns exec` execs the client: the pid we get is the client's.
        if (_netns is not null) foreach (var a in (string[])["netns", "exec", _netns, _flavor.Program]) start.ArgumentList.Add(a);
        foreach (var a in _flavor.Arguments(_dev, Files)) start.ArgumentList.Add(a);
        try
        {
            _process = Process.Start(start) ?? throw NoLease($"could not run {_flavor.Program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw NoLease($"could not run {_flavor.Program}: {e.Message}");
        }
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) _lastOutput = e.Data.Trim(); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _ = CompleteOnExitAsync(_process);
        _ = PumpAsync(_process);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(bound);
        try
        {
            return await _bound.Task.WaitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            // Its last words name the cause when it has one (e.g. AppArmor refusing to run our event script).
            throw NoLease($"{_flavor.Name} got no lease within {bound.TotalSeconds:0} s{(_lastOutput is { } last ? "; it said: " + last : "")}");
        }
        catch (SessionException)
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void WriteScript()
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("DHCP clients need a Unix host");
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(StateDir, OwnerOnly);
        File.Delete(Files.Lease);
        using var f = new FileStream(Files.Script, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        // UnixCreateMode is ignored when the file already exists: root runs it, so nobody else may change it.
        File.SetUnixFileMode(f.SafeFileHandle, OwnerOnly);
        f.Write(System.Text.Encoding.UTF8.GetBytes(_flavor.Script.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        if (line.StartsWith(DhcpFlavor.EventMarker, StringComparison.Ordinal)) _events.Writer.TryWrite(line[DhcpFlavor.EventMarker.Length..].Trim());
        else if (!string.IsNullOrWhiteSpace(line)) _lastOutput = line.Trim();
    }

    /// <summary>WaitForExitAsync also waits for the end of the redirected output, so every event line is queued before this completes the queue.</summary>
    private async Task CompleteOnExitAsync(Process process)
    {
        try { await process.WaitForExitAsync().ConfigureAwait(false); }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException) { }
        finally { _events.Writer.TryComplete(); }
    }

    private async Task PumpAsync(Process process)
    {
        await foreach (var name in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var kind = _flavor.Classify(name);
            var lease = kind is DhcpEventKind.Bound or DhcpEventKind.Renew ? ReadLease() : null;
            if (_stopping) continue;
            if (!_bound.Task.IsCompleted)
            {
                // Before the first lease: udhcpc's initial deconfig, dhclient's PREINIT6, a leasefail between tries.
                if (lease is not null)
                {
                    Lease = lease;
                    _bound.TrySetResult(lease);
                }
                continue;
            }
            switch (kind)
            {
                case DhcpEventKind.Bound or DhcpEventKind.Renew when lease is not null:
                    var previous = Lease;
                    Lease = lease;
                    if (LeaseChanged is { } changed)
                    {
                        try { await changed(new DhcpEvent(kind, name, lease, previous)).ConfigureAwait(false); }
                        catch (Exception e) when (e is IOException or OperationCanceledException or SessionException)
                        {
                            _log($"{_flavor.Name} on {_dev}: applying the {name} lease failed: {e.Message}");
                        }
                    }
                    break;
                case DhcpEventKind.Deconfig or DhcpEventKind.Nak:
                    _lost.TrySetResult($"the DHCP{(_flavor.Family == "-6" ? "v6" : "")} lease on {_dev} is gone ({_flavor.Name}: {name})");
                    break;
            }
        }
        if (_stopping) return;
        var why = $"{_flavor.Name} exited {(process.HasExited ? process.ExitCode : -1)}{(_lastOutput is { } last ? ": " + last : "")}";
        _bound.TrySetException(NoLease(why));
        _lost.TrySetResult($"{why} on {_dev}");
    }

    private IpConfig? ReadLease()
    {
        try
        {
            return File.Exists(Files.Lease) ? _flavor.ParseLease(File.ReadAllLines(Files.Lease)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private SessionException NoLease(string why) =>
        new(new SessionError(ErrorCodes.NoIpAddr, $"no DHCP{(_flavor.Family == "-6" ? "v6" : "")} lease on {_dev}: {why}", Fatal: false));

    /// <summary>SIGTERM, then SIGKILL after <see cref="StopBound"/>; the lease and pid files go with it.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_process is { } p)
        {
            _process = null;
            try
            {
                if (!p.HasExited)
                {
                    Libc.Kill(p.Id, Libc.SIGTERM);
                    using var bound = new CancellationTokenSource(StopBound);
                    try { await p.WaitForExitAsync(bound.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException)
                    {
                        p.Kill(entireProcessTree: true);
                        await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }
            catch (InvalidOperationException)
            {
            }
            p.Dispose();
        }
        _bound.TrySetException(NoLease("stopped"));
        _ = _bound.Task.Exception;
        foreach (var file in (string[])[Files.Lease, Files.Pid]) File.Delete(file);
    }
}

/// <summary>One event of a running client after its first lease.</summary>
public sealed record DhcpEvent(DhcpEventKind Kind, string Name, IpConfig Lease, IpConfig? Previous);
