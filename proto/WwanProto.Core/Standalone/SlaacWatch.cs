using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>
/// The global address the kernel configures by SLAAC from the modem's router advertisement (a /64 with the
/// autonomous flag: what Huawei NCM sticks and most LTE networks hand out), watched on `ip -6 monitor address`
/// for the life of the link: <see cref="Address"/> completes with the first usable one (not tentative, not a
/// privacy address, not deprecated), <see cref="Lost"/> when the kernel deletes it again (prefix expired,
/// device gone). Event-driven; the caller bounds the wait.
/// </summary>
public sealed class SlaacWatch : IDisposable
{
    private readonly string _dev;
    private readonly Process _monitor;
    private readonly TaskCompletionSource<IpConfig> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopped;

    private SlaacWatch(string dev, Process monitor)
    {
        _dev = dev;
        _monitor = monitor;
    }

    public Task<IpConfig> Address => _address.Task;

    /// <summary>Completes with a reason when the address <see cref="Address"/> gave is deleted; never after <see cref="Dispose"/>.</summary>
    public Task<string> Lost => _lost.Task;

    /// <summary>Starts watching <paramref name="dev"/>; an address already present is found too.</summary>
    public static async Task<SlaacWatch> StartAsync(IpCommand ip, string dev, CancellationToken cancellationToken)
    {
        var watch = new SlaacWatch(dev, ip.Start("-6", "monitor", "address"));
        watch._monitor.OutputDataReceived += (_, e) => watch.OnLine(e.Data);
        watch._monitor.ErrorDataReceived += (_, _) => { };
        watch._monitor.BeginOutputReadLine();
        watch._monitor.BeginErrorReadLine();
        try
        {
            // Checked after the monitor runs, so an address that settles in between is seen by one or the other.
            var (_, output, _) = await ip.CaptureAsync(cancellationToken, "-6", "-o", "addr", "show", "dev", dev, "scope", "global").ConfigureAwait(false);
            foreach (var line in output.Split('\n')) watch.OnLine(line);
        }
        catch
        {
            watch.Dispose();
            throw;
        }
        return watch;
    }

    private void OnLine(string? line)
    {
        if (line is null || _stopped) return;
        if (!_address.Task.IsCompleted)
        {
            if (ParseUsableGlobal(line, _dev) is { } found) _address.TrySetResult(found);
            return;
        }
        var current = _address.Task.Result;
        if (line.StartsWith("Deleted", StringComparison.Ordinal) && ParseGlobal(line, _dev) is { } gone && gone.Address == current.Address)
            _lost.TrySetResult($"the SLAAC address {current.Address}/{current.PrefixLength.ToString(CultureInfo.InvariantCulture)} on {_dev} is gone");
    }

    /// <summary>
    /// An `ip -6 addr`/`monitor` line "N: DEV    inet6 ADDR/LEN scope global [dynamic mngtmpaddr ...]" holding a
    /// global address the link can use now; null for tentative, DAD-failed, deprecated and temporary (privacy) ones.
    /// </summary>
    public static IpConfig? ParseUsableGlobal(string line, string dev)
    {
        if (line.StartsWith("Deleted", StringComparison.Ordinal)) return null;
        var words = Words(line);
        if (words.Contains("tentative") || words.Contains("dadfailed") || words.Contains("deprecated") || words.Contains("temporary")) return null;
        return ParseGlobal(line, dev);
    }

    private static IpConfig? ParseGlobal(string line, string dev)
    {
        var words = Words(line);
        var i = Array.IndexOf(words, "inet6");
        if (i < 1 || i + 1 >= words.Length || words[i - 1] != dev) return null;
        var scope = Array.IndexOf(words, "scope");
        if (scope < 0 || scope + 1 >= words.Length || words[scope + 1] != "global") return null;
        var cidr = words[i + 1];
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? cidr : cidr[..slash];
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6) return null;
        var prefix = slash >= 0 && int.TryParse(cidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 128 ? p : 128;
        return new IpConfig(address.ToString(), prefix, null, []);
    }

    private static string[] Words(string line) => line.Split([' ', '\t', '\\'], StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        _stopped = true;
        try { _monitor.Kill(); } catch (InvalidOperationException) { }
        _monitor.Dispose();
    }
}
