using System.Diagnostics;

namespace WwanProto.Fuzz;

/// <summary>
/// Time of one 10 KB and one 1 MB input built from the target's seeds. The input is 100x larger, so a linear
/// parser takes about 100x as long: that is the rule (printed, not asserted; timings on a shared machine are
/// noisy). A ratio above <see cref="Limit"/> (3x the linear figure) is flagged as superlinear.
/// </summary>
public sealed record Linearity(double SmallMicroseconds, double LargeMicroseconds)
{
    public const double Limit = 300;

    public double Ratio => LargeMicroseconds / Math.Max(SmallMicroseconds, 1e-3);

    public bool Superlinear => Ratio > Limit;

    public static Linearity Measure(FuzzTarget target, IReadOnlyList<byte[]> corpus)
    {
        var small = Build(target, corpus, 10_000);
        var large = Build(target, corpus, 1_000_000);
        return new Linearity(Time(target, small), Time(target, large));
    }

    private static byte[] Build(FuzzTarget target, IReadOnlyList<byte[]> corpus, int size)
    {
        var buffer = new List<byte>(size + 4096);
        for (var i = 0; buffer.Count < size; i++)
        {
            buffer.AddRange(corpus[i % corpus.Count]);
            buffer.AddRange(target.Separator);
        }
        return buffer.GetRange(0, size).ToArray();
    }

    /// <summary>Mean microseconds per call over at least 200 ms of calls (at least 3), after one warm-up call.</summary>
    private static double Time(FuzzTarget target, byte[] input)
    {
        Call(target, input);
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (calls < 3 || clock.ElapsedMilliseconds < 200)
        {
            Call(target, input);
            calls++;
        }
        return clock.Elapsed.TotalMicroseconds / calls;
    }

    private static void Call(FuzzTarget target, byte[] input)
    {
        try { target.Run(input); }
        catch (Exception) { /* escapes are the mutation loop's business; here only time counts */ }
    }
}
