using System.Diagnostics;
using WwanProto.Core.Native;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Hotplug;

namespace WwanProto.Core.Session;

/// <summary>
/// The session's <see cref="IDeviceArrivals"/>: fed by the kernel's uevents (<see cref="UeventSocket"/>, add and
/// bind) and by the hotplug handler's pokes (<see cref="SessionWake"/>); either source may be missing. A modem that
/// leaves and comes back (a reset, often in storage mode) is then looked for at once instead of after a backoff
/// that had grown while it was away. The last few arrivals are remembered, so one that came just before the
/// session started to wait still counts.
/// </summary>
public sealed class DeviceArrivals : IDeviceArrivals, IDisposable
{
    private const int Remembered = 32;
    private readonly object _gate = new();
    private readonly List<(string? DevPath, long At)> _recent = [];
    private readonly List<(string? UsbName, TaskCompletionSource Done)> _waiters = [];
    private readonly List<IDisposable> _sources = [];

    /// <summary>
    /// Listens for interface <paramref name="iface"/>: the kernel's uevents and the FIFO the hotplug handler writes to.
    /// A source that cannot be opened is logged and left out.
    /// </summary>
    public static DeviceArrivals Listen(SystemPaths paths, string iface, Action<string> log)
    {
        var arrivals = new DeviceArrivals();
        try
        {
            arrivals._sources.Add(UeventSocket.Open(e =>
            {
                if (e.IsArrival) arrivals.Appeared(ReferenceEquals(e, Uevent.Overflow) ? null : e.DevPath);
            }));
        }
        catch (NativeException e)
        {
            log($"no kernel uevents ({e.Message}); a returning modem is noticed through hotplug or the next attempt");
        }
        try
        {
            var fifo = EventFifo.Create(SessionWake.PathFor(paths, iface));
            arrivals._sources.Add(fifo);
            _ = Task.Run(async () =>
            {
                await foreach (var line in fifo.Lines.ReadAllAsync().ConfigureAwait(false))
                    arrivals.Appeared(line == SessionWake.Unknown ? null : line);
            });
        }
        catch (IOException e)
        {
            log($"no hotplug wake-ups ({e.Message})");
        }
        return arrivals;
    }

    /// <summary>A device at sysfs path <paramref name="devPath"/> appeared; null: something may have (events were lost).</summary>
    public void Appeared(string? devPath)
    {
        var wake = new List<TaskCompletionSource>();
        lock (_gate)
        {
            _recent.Add((devPath, Stopwatch.GetTimestamp()));
            if (_recent.Count > Remembered) _recent.RemoveAt(0);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!Matches(devPath, _waiters[i].UsbName)) continue;
                wake.Add(_waiters[i].Done);
                _waiters.RemoveAt(i);
            }
        }
        foreach (var done in wake) done.TrySetResult();
    }

    public Task WaitAsync(string? usbName, long since, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_recent.Any(r => r.At >= since && Matches(r.DevPath, usbName))) return Task.CompletedTask;
            _waiters.Add((usbName, done));
        }
        var registration = cancellationToken.Register(() =>
        {
            lock (_gate) _waiters.RemoveAll(w => w.Done == done);
            done.TrySetCanceled(cancellationToken);
        });
        _ = done.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        return done.Task;
    }

    private static bool Matches(string? devPath, string? usbName) => devPath is null || Uevent.DevPathConcerns(devPath, usbName);

    public void Dispose()
    {
        foreach (var source in _sources) source.Dispose();
        _sources.Clear();
    }
}
