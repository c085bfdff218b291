using System.Diagnostics;
using WwanProto.Core;
using WwanProto.Core.Session;
using WwanProto.Core.Usb.Hotplug;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>What wakes a session's backoff: an arrival at or under its modem's USB path, remembered briefly; the hotplug poke through the FIFO.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DeviceArrivalsTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly string _root = Directory.CreateTempSubdirectory("arrivals-").FullName;
    private SystemPaths Paths => new(_root, _root, _root, _root);

    private const string Tty = "/devices/platform/ehci-platform/usb1/1-1.2/1-1.2:1.2/ttyUSB2/tty/ttyUSB2";

    [Fact]
    public async Task Only_arrivals_of_the_modems_usb_path_wake_and_a_recent_one_counts()
    {
        var arrivals = new DeviceArrivals();
        var before = Stopwatch.GetTimestamp();
        var mine = arrivals.WaitAsync("1-1.2", before, CancellationToken.None);
        var any = arrivals.WaitAsync(null, before, CancellationToken.None);
        arrivals.Appeared("/devices/platform/ehci-platform/usb1/1-1.3");
        Assert.False(mine.IsCompleted);
        await any.WaitAsync(Bound);
        arrivals.Appeared(Tty);
        await mine.WaitAsync(Bound);
        // Already there before the wait began (but after the failure): counts at once; from before `since`: does not.
        Assert.True(arrivals.WaitAsync("1-1.2", before, CancellationToken.None).IsCompleted);
        Assert.False(arrivals.WaitAsync("1-1.2", Stopwatch.GetTimestamp(), CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Lost_events_wake_everyone_and_a_stop_cancels_the_wait()
    {
        var arrivals = new DeviceArrivals();
        using var stop = new CancellationTokenSource();
        var waiting = arrivals.WaitAsync("1-1", Stopwatch.GetTimestamp(), stop.Token);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var again = arrivals.WaitAsync("1-1", Stopwatch.GetTimestamp(), CancellationToken.None);
        arrivals.Appeared(null);
        await again.WaitAsync(Bound);
    }

    [Fact]
    public async Task The_hotplug_handlers_poke_reaches_a_listening_session_and_nothing_happens_without_one()
    {
        Assert.False(SessionWake.Poke(Paths, "wan", Tty));
        using (var arrivals = DeviceArrivals.Listen(Paths, "wan", _ => { }))
        {
            var woken = arrivals.WaitAsync("1-1.2", Stopwatch.GetTimestamp(), CancellationToken.None);
            Assert.True(SessionWake.Poke(Paths, "wan", Tty));
            await woken.WaitAsync(Bound);
        }
        // The session is gone: its FIFO with it, the poke finds nobody.
        Assert.False(File.Exists(SessionWake.PathFor(Paths, "wan")));
        Assert.False(SessionWake.Poke(Paths, "wan", Tty));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
