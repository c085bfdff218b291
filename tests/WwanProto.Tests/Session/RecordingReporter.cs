using WwanProto.Core.Session;

namespace WwanProto.Tests.Session;

/// <summary>
/// The reporting edge in tests: records what the session reported and lets a test wait, bounded, for
/// "link up #n", "an error with code X", "link down". The netifd edge itself is the ubus area's to test.
/// </summary>
public sealed class RecordingReporter : ILinkReporter
{
    private readonly object _gate = new();
    private readonly List<LinkUp> _ups = [];
    private readonly List<string> _downs = [];
    private readonly List<SessionError> _errors = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ModemStatus? LastStatus { get; private set; }

    public IReadOnlyList<LinkUp> Ups { get { lock (_gate) return [.. _ups]; } }
    public IReadOnlyList<string> Downs { get { lock (_gate) return [.. _downs]; } }
    public IReadOnlyList<SessionError> Errors { get { lock (_gate) return [.. _errors]; } }

    public Task LinkUpAsync(LinkUp link, CancellationToken cancellationToken) => Record(() => _ups.Add(link));
    public Task LinkDownAsync(string reason, CancellationToken cancellationToken) => Record(() => _downs.Add(reason));
    public Task ErrorAsync(SessionError error, CancellationToken cancellationToken) => Record(() => _errors.Add(error));

    public void StatusChanged(ModemStatus status)
    {
        lock (_gate) LastStatus = status;
    }

    private Task Record(Action add)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            add();
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with what was recorded when the bound passes.</summary>
    public async Task WaitForAsync(Func<RecordingReporter, bool> condition, TimeSpan bound, string what)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            if (condition(this)) return;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"waited {bound.TotalSeconds:0.#} s for {what}; recorded: ups {Ups.Count}, downs [{string.Join("; ", Downs)}], errors [{string.Join("; ", Errors)}], state {LastStatus?.State}");
            await Task.WhenAny(changed, Task.Delay(left)).ConfigureAwait(false);
        }
    }

    public async Task<LinkUp> WaitUpAsync(int count, TimeSpan bound)
    {
        await WaitForAsync(r => r.Ups.Count >= count, bound, $"link up #{count}").ConfigureAwait(false);
        return Ups[count - 1];
    }

    public async Task<SessionError> WaitErrorAsync(string code, TimeSpan bound)
    {
        await WaitForAsync(r => r.Errors.Any(e => e.Code == code), bound, $"error {code}").ConfigureAwait(false);
        return Errors.First(e => e.Code == code);
    }
}
