namespace WwanProto.Fuzz;

/// <summary>
/// One target's verdict against the bar (100 x (1 + the measured noise tolerance)): measured once; a row above the bar
/// is measured <see cref="Repeats"/> times in all and judged on the median, so one noisy measurement neither fails a
/// linear row nor, since the median of superlinear work stays above the bar, passes a superlinear one.
/// </summary>
public sealed record LinearityVerdict(Linearity Measured, double Bar, int Measurements)
{
    public const int Repeats = 3;

    public bool Superlinear => Measured.Ratio > Bar;

    public static LinearityVerdict Judge(FuzzTarget target, IReadOnlyList<byte[]> corpus, double bar,
        int largeSize = Linearity.LargeSize, int rounds = Linearity.Rounds)
    {
        var first = Linearity.Measure(target, corpus, largeSize, rounds);
        if (first.Ratio <= bar) return new(first, bar, 1);
        var all = new List<Linearity> { first };
        while (all.Count < Repeats) all.Add(Linearity.Measure(target, corpus, largeSize, rounds));
        return new(all.OrderBy(l => l.Ratio).ElementAt(Repeats / 2), bar, Repeats);
    }

    public override string ToString() =>
        $"{Measured.SmallMicroseconds,9:F1} us {Measured.MiddleMicroseconds / 1000,8:F2} ms {Measured.LargeMicroseconds / 1000,8:F2} ms " +
        $"{Measured.Ratio,5:F0}{(Superlinear ? " SUPERLINEAR" : "")} {Measured.MiddleRatio,6:F0}{(Measurements > 1 ? $" (median of {Measurements})" : "")}";
}
