using System.Diagnostics;
using WwanProto.Core.Standalone;

namespace WwanProto.Core.Links.Ethernet;

/// <summary>
/// One network device watched on `ip -o monitor link`: <see cref="Present"/> completes when it exists,
/// <see cref="Lost"/> with a reason when it is deleted (unplug, reset) or, after it had carrier while up, loses
/// it (the device's side of the cable is gone: a HiLink stick or phone that dropped off USB keeps no carrier).
/// Event-driven; the caller bounds the waits.
/// </summary>
public sealed class NetdevWatch : IDisposable
{
    private readonly string _dev;
    private readonly Process _monitor;
    private readonly TaskCompletionSource _present = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _hadCarrier;
    private volatile bool _stopped;

    private NetdevWatch(string dev, Process monitor)
    {
        _dev = dev;
        _monitor = monitor;
    }

    public Task Present => _present.Task;
    public Task<string> Lost => _lost.Task;

    public static async Task<NetdevWatch> StartAsync(IpCommand ip, string dev, CancellationToken ct)
    {
        var watch = new NetdevWatch(dev, ip.Start("-o", "monitor", "link"));
        watch._monitor.OutputDataReceived += (_, e) => watch.OnLine(e.Data);
        watch._monitor.ErrorDataReceived += (_, _) => { };
        watch._monitor.BeginOutputReadLine();
        watch._monitor.BeginErrorReadLine();
        try
        {
            // After the monitor runs, so a device that appears in between is seen by one or the other.
            var (code, output, _) = await ip.CaptureAsync(ct, "-o", "link", "show", "dev", dev).ConfigureAwait(false);
            if (code == 0) foreach (var line in output.Split('\n')) watch.OnLine(line);
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
        if (line is null || _stopped || Parse(line) is not { } link || link.Name != _dev) return;
        lock (_present)
        {
            if (link.Deleted)
            {
                if (_present.Task.IsCompleted) _lost.TrySetResult($"{_dev} is gone (the device left USB)");
                return;
            }
            _present.TrySetResult();
            if (link.Up && link.Carrier) _hadCarrier = true;
            else if (link.Up && _hadCarrier) _lost.TrySetResult($"{_dev} lost its carrier (the device's side of the link is down)");
        }
    }

    /// <summary>
    /// An `ip -o link` / `ip -o monitor link` line: "[Deleted ]5: usb0@if4: &lt;BROADCAST,MULTICAST,UP,LOWER_UP&gt; mtu ...".
    /// UP is the administrative state, LOWER_UP the carrier.
    /// </summary>
    public static (string Name, bool Deleted, bool Up, bool Carrier)? Parse(string line)
    {
        var deleted = line.StartsWith("Deleted ", StringComparison.Ordinal);
        var rest = deleted ? line[8..] : line;
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 1) return null;
        var afterIndex = rest[(colon + 2)..];
        var end = afterIndex.IndexOf(':');
        if (end < 1) return null;
        var name = afterIndex[..end];
        var at = name.IndexOf('@');
        if (at > 0) name = name[..at];
        var open = afterIndex.IndexOf('<');
        var close = open < 0 ? -1 : afterIndex.IndexOf('>', open);
        var flags = open < 0 || close < 0 ? [] : afterIndex[(open + 1)..close].Split(',');
        return (name, deleted, flags.Contains("UP"), flags.Contains("LOWER_UP"));
    }

    public void Dispose()
    {
        _stopped = true;
        try { _monitor.Kill(); } catch (InvalidOperationException) { }
        _monitor.Dispose();
    }
}
