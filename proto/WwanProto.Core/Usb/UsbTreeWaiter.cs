namespace WwanProto.Core.Usb;

/// <summary>
/// Waits, with a bound, until the USB tree satisfies a condition. Real sysfs sends no inotify events,
/// so the directory is re-read on a short period; the wait ends as soon as the condition holds.
/// </summary>
public static class UsbTreeWaiter
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    /// <summary>The first device satisfying <paramref name="condition"/>, or null when <paramref name="bound"/> passed.</summary>
    public static async Task<UsbDevice?> WaitForAsync(SystemPaths paths, Func<UsbTree, UsbDevice?> condition, TimeSpan bound,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        using var timer = new PeriodicTimer(Period);
        while (true)
        {
            if (condition(UsbTree.Load(paths)) is { } found) return found;
            try
            {
                await timer.WaitForNextTickAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return condition(UsbTree.Load(paths));
            }
        }
    }
}
