using System.Diagnostics;

namespace WwanProto.Core.Standalone;

/// <summary>
/// Runs iproute2's `ip`, optionally in a named network namespace (`ip -n`), bounded in time. Failures carry
/// the command and ip's own message.
/// </summary>
public sealed class IpCommand(string? netns = null, string ip = "ip")
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public string? Netns => netns;

    /// <summary>Runs `ip args`; throws <see cref="IOException"/> naming the command and ip's stderr on failure.</summary>
    public async Task RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var (code, error) = await TryRunAsync(cancellationToken, args).ConfigureAwait(false);
        if (code != 0) throw new IOException($"'{Describe(args)}' failed (exit {code}): {error.Trim()}");
    }

    /// <summary>Runs `ip args`; returns the exit status and stderr (for steps that may legitimately fail, e.g. removing what is gone).</summary>
    public async Task<(int Code, string Error)> TryRunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var (code, _, error) = await CaptureAsync(cancellationToken, args).ConfigureAwait(false);
        return (code, error);
    }

    /// <summary>Runs `ip args`; returns the exit status, stdout and stderr.</summary>
    public async Task<(int Code, string Output, string Error)> CaptureAsync(CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo(ip) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (netns is not null)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add(netns);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new IOException($"could not run {ip}");
        // Process.Dispose leaves the output streams to whoever read them; undisposed, each run kept two pipe fds
        // open until a finalizer happened to run (the soak bench saw `up` grow by 14 fds per reconnect).
        using var errorReader = process.StandardError;
        using var outputReader = process.StandardOutput;
        var stderr = errorReader.ReadToEndAsync(cancellationToken);
        var stdout = outputReader.ReadToEndAsync(cancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(Bound);
        try
        {
            await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new IOException($"'{Describe(args)}' did not finish within {Bound.TotalSeconds:0} s");
        }
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Starts a long-running `ip args` (e.g. `monitor`) with its stdout redirected; the caller ends it.</summary>
    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(ip) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (netns is not null)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add(netns);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new IOException($"could not run {ip}");
    }

    private string Describe(string[] args) => (netns is null ? "ip " : $"ip -n {netns} ") + string.Join(' ', args);
}
