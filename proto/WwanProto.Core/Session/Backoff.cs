namespace WwanProto.Core.Session;

/// <summary>
/// Exponential backoff with full jitter between <see cref="Min"/> and <see cref="Max"/>: after n
/// consecutive failures the wait is random in [d/2, d] with d = min(Max, Min * 2^n). Jitter keeps
/// many routers that lost the same cell from redialling in lock step; the lower half-bound keeps
/// the wait from collapsing to nothing.
/// </summary>
public sealed class Backoff(TimeSpan min, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Min { get; } = min;
    public TimeSpan Max { get; } = max;

    /// <summary>Consecutive failures so far.</summary>
    public int Failures { get; private set; }

    /// <summary>Counts one more failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(Failures, 30);
        Failures++;
        var ceiling = Math.Min(Max.TotalMilliseconds, Min.TotalMilliseconds * Math.Pow(2, exponent));
        var wait = ceiling / 2 + _random.NextDouble() * ceiling / 2;
        return TimeSpan.FromMilliseconds(Math.Max(wait, Min.TotalMilliseconds / 2));
    }

    /// <summary>A success: the next failure starts from <see cref="Min"/> again.</summary>
    public void Reset() => Failures = 0;
}
