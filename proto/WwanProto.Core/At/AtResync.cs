using System.Diagnostics;

namespace WwanProto.Core.At;

/// <summary>
/// The bounded "AT" exchange that puts the channel back in step after a command timed out. The timed-out command's
/// answer may still be on its way (slow Huawei firmware, huawei-modems.md §5), and it may even arrive after our
/// "AT" went out, so the first OK seen is not proof: the sync is done only once an OK was followed by a quiet
/// window without any further final result. Reader thread only.
/// </summary>
internal sealed class AtResync(TimeSpan answerBound, TimeSpan quietWindow)
{
    private readonly long _answerDeadline = Stopwatch.GetTimestamp() + Ticks(answerBound);
    private readonly long _quietTicks = Ticks(quietWindow);
    private long _quietUntil;

    public TimeSpan AnswerBound { get; } = answerBound;

    public bool GotOk { get; private set; }

    /// <summary>A final result arrived while syncing: an OK may be ours; any final restarts the quiet window.</summary>
    public void OnFinal(AtFinal final)
    {
        if (final == AtFinal.Ok) GotOk = true;
        if (GotOk) _quietUntil = Stopwatch.GetTimestamp() + _quietTicks;
    }

    public bool Succeeded(long now) => GotOk && now >= _quietUntil;

    /// <summary>No OK within the bound, or finals kept coming so long that no quiet window fits into the bound.</summary>
    public bool Failed(long now) => !Succeeded(now) && now >= (GotOk ? _answerDeadline + _quietTicks : _answerDeadline);

    /// <summary>When the reader must look again: the end of the quiet window, or the bound.</summary>
    public long NextCheck => GotOk ? Math.Min(_quietUntil, _answerDeadline + _quietTicks) : _answerDeadline;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
