using System.Diagnostics;

namespace WwanProto.Core.DBus;

/// <summary>
/// Debian's resolvconf (or openresolv): `resolvconf -a IFACE.huaweiwwan` with the servers on stdin, `-d` to take
/// them back. Used when resolvconf is installed and systemd-resolved is not running.
/// </summary>
public sealed class ResolvconfDns(string program, string iface, Action<string> log) : IDnsTarget
{
    private bool _applied;

    public string Record => $"{iface}.huaweiwwan";

    public string Description => $"resolvconf ({Record})";

    /// <summary>$HUAWEIWWAN_RESOLVCONF names the program to use instead (tests: a relocated openresolv).</summary>
    public const string EnvironmentVariable = "HUAWEIWWAN_RESOLVCONF";

    /// <summary>The installed resolvconf (Debian's resolvconf or openresolv), or null.</summary>
    public static string? Find() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } chosen
            ? (File.Exists(chosen) ? chosen : null)
            : new[] { "/usr/sbin/resolvconf", "/sbin/resolvconf" }.FirstOrDefault(File.Exists);

    public async Task ApplyAsync(string dev, IReadOnlyList<string> servers, CancellationToken ct)
    {
        _applied = true;
        await RunAsync(["-a", Record], string.Concat(servers.Select(s => $"nameserver {s}\n")), ct).ConfigureAwait(false);
    }

    public async Task RemoveAsync(CancellationToken ct)
    {
        if (!_applied) return;
        _applied = false;
        await RunAsync(["-d", Record], null, ct).ConfigureAwait(false);
    }

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Runs resolvconf, bounded in time; a failure is a warning with its message (the link works without it).</summary>
    private async Task RunAsync(string[] args, string? input, CancellationToken ct)
    {
        var command = $"{program} {string.Join(' ', args)}";
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(Bound);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("not started");
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            log($"warning: could not run {command}: {e.Message}");
            return;
        }
        using (process)
        // Undisposed, the redirected streams keep their pipe fds open until a finalizer runs (see IpCommand).
        using (var stdin = process.StandardInput)
        using (var stderr = process.StandardError)
        using (var stdout = process.StandardOutput)
        {
            try
            {
                var error = stderr.ReadToEndAsync(bound.Token);
                var output = stdout.ReadToEndAsync(bound.Token);
                await stdin.WriteAsync(input ?? "").ConfigureAwait(false);
                stdin.Close();
                await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
                await output.ConfigureAwait(false);
                if (process.ExitCode != 0) log($"warning: {command} exited {process.ExitCode}: {(await error.ConfigureAwait(false)).Trim()}");
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                log($"warning: {command} did not finish within {Bound.TotalSeconds:0} s");
            }
            catch (IOException e)
            {
                log($"warning: {command}: {e.Message}");
            }
        }
    }
}
