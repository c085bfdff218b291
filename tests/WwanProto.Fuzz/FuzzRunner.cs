using System.Diagnostics;

namespace WwanProto.Fuzz;

public sealed record FuzzResult(string Target, long Inputs, TimeSpan Elapsed, IReadOnlyList<Escape> Escapes, LinearityVerdict? Linearity)
{
    public double PerSecond => Inputs / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Feeds a target its seeds, then mutated inputs (from a seed, or a quarter of the time from the previous
/// mutant so edits pile up), and collects every escape once per exception type and throwing frame, minimized.
/// </summary>
public static class FuzzRunner
{
    public static FuzzResult Run(FuzzTarget target, long inputs, int seed, double? linearityBar = null, Watchdog? watchdog = null)
    {
        var corpus = SeedCorpus.Load(target);
        var rng = new Random(seed ^ StableHash(target.Name));
        var mutator = new Mutator(rng, corpus);
        var found = new Dictionary<string, (byte[] Input, Exception Error)>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var last = corpus[0];
        for (long i = 0; i < inputs; i++)
        {
            var input = i < corpus.Count ? corpus[(int)i]
                : mutator.Mutate(rng.Next(4) == 0 && last.Length < 4096 ? last : corpus[rng.Next(corpus.Count)]);
            last = input;
            watchdog?.Enter(target.Name, input);
            try
            {
                target.Run(input);
            }
            catch (Exception e)
            {
                if (!target.IsAllowed(e)) found.TryAdd(Escape.KeyOf(e), (input, e));
            }
            watchdog?.Leave();
        }
        clock.Stop();
        var escapes = found.Select(f => Minimizer.Minimize(target, f.Key, f.Value.Input, f.Value.Error)).ToList();
        return new FuzzResult(target.Name, inputs, clock.Elapsed, escapes, linearityBar is { } bar ? LinearityVerdict.Judge(target, corpus, bar) : null);
    }

    /// <summary>string.GetHashCode is randomized per process; the run must not be.</summary>
    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s) h = h * 31 + c;
        return h;
    }
}
