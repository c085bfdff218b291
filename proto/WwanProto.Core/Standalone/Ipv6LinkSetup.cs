using System.Diagnostics;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>
/// What a device needs before a DHCPv6 client can run on it (standalone option dhcpv6): routes from the
/// modem's router advertisements even when this host forwards (accept_ra=2; DHCPv6 carries no routes), and
/// a usable link-local address: dhclient binds to it and exits ("no link-local IPv6 address") while it is
/// still tentative, which it is for about a second (DAD) after the device comes up. Waited for on
/// `ip -6 monitor address` events, bounded; no polling.
/// </summary>
public sealed class Ipv6LinkSetup(IpCommand ip, string? netns)
{
    public static readonly TimeSpan LinkLocalBound = TimeSpan.FromSeconds(10);

    public async Task AcceptRouterAdvertisementsAsync(string dev, CancellationToken cancellationToken)
    {
        if (netns is null)
        {
            await File.WriteAllTextAsync($"/proc/sys/net/ipv6/conf/{dev}/accept_ra", "2", cancellationToken).ConfigureAwait(false);
            return;
        }
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["netns", "exec", netns, "sysctl", "-q", "-w", $"net.ipv6.conf.{dev}.accept_ra=2"]) start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new IOException("could not run sysctl");
        using var errorReader = p.StandardError; // Process.Dispose leaves a stream we read open (see IpCommand)
        var error = errorReader.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (p.ExitCode != 0) throw new IOException($"sysctl net.ipv6.conf.{dev}.accept_ra=2 failed: {(await error.ConfigureAwait(false)).Trim()}");
    }

    /// <summary>Returns once <paramref name="dev"/> has a link-local address that is no longer tentative.</summary>
    public async Task WaitForLinkLocalAsync(string dev, CancellationToken cancellationToken)
    {
        using var monitor = ip.Start("-6", "monitor", "address");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && IsUsableLinkLocal(line, dev)) ready.TrySetResult();
        };
        monitor.BeginOutputReadLine();
        monitor.BeginErrorReadLine();
        try
        {
            // Checked after the monitor runs, so an address that settles in between is seen by one or the other.
            var (_, output, _) = await ip.CaptureAsync(cancellationToken, "-6", "-o", "addr", "show", "dev", dev, "scope", "link").ConfigureAwait(false);
            if (output.Split('\n').Any(l => IsUsableLinkLocal(l, dev))) return;
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(LinkLocalBound);
            try
            {
                await ready.Task.WaitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SessionException(new SessionError(ErrorCodes.NoIpAddr,
                    $"no usable IPv6 link-local address on {dev} within {LinkLocalBound.TotalSeconds:0} s (needed for DHCPv6)", Fatal: false));
            }
        }
        finally
        {
            try { monitor.Kill(); } catch (InvalidOperationException) { }
        }
    }

    /// <summary>An `ip -6 addr`/`monitor` line: "N: DEV    inet6 fe80::.../64 scope link [tentative|dadfailed] ...".</summary>
    public static bool IsUsableLinkLocal(string line, string dev)
    {
        if (line.StartsWith("Deleted", StringComparison.Ordinal)) return false;
        var words = line.Split([' ', '\t', '\\'], StringSplitOptions.RemoveEmptyEntries);
        var i = Array.IndexOf(words, "inet6");
        if (i < 1 || i + 1 >= words.Length || words[i - 1] != dev) return false;
        return words[i + 1].StartsWith("fe80:", StringComparison.OrdinalIgnoreCase) && words.Contains("link")
            && !words.Contains("tentative") && !words.Contains("dadfailed");
    }
}
