namespace WwanProto.Fuzz;

/// <summary>
/// How far this machine's noise moves a linear row, measured rather than guessed: the linear control
/// (<see cref="LinearityControls.Linear"/>) is measured <see cref="Samples"/> times, and its largest distance from 100
/// becomes the tolerance, at least <see cref="Floor"/> and at most <see cref="Cap"/>. The bar is 100 x (1 + tolerance).
/// The cap keeps noise from opening the bar wide enough to pass real superlinear work: n log n reads about 150 and
/// n^1.1 about 158, both above the widest bar (115); quadratic work reads 10,000.
/// </summary>
public sealed record NoiseTolerance(IReadOnlyList<double> ControlRatios)
{
    public const int Samples = 3;
    public const double Floor = 0.03;
    public const double Cap = 0.15;

    /// <summary>The control's largest distance from linear (100), as a fraction.</summary>
    public double Spread => ControlRatios.Max(r => Math.Abs(r - Linearity.Limit)) / Linearity.Limit;

    public double Tolerance => Math.Clamp(Spread, Floor, Cap);

    public double Bar => Linearity.Limit * (1 + Tolerance);

    /// <summary>The machine was noisier than the cap allows for: a linear row may read above the bar.</summary>
    public bool TooNoisy => Spread > Cap;

    /// <summary>The widest bar any run can have: what the quadratic control must exceed in every case.</summary>
    public static double WidestBar => Linearity.Limit * (1 + Cap);

    public static NoiseTolerance Measure()
    {
        var corpus = SeedCorpus.Load(LinearityControls.Linear);
        return new(Enumerable.Range(0, Samples).Select(_ => Linearity.Measure(LinearityControls.Linear, corpus).Ratio).ToList());
    }

    public override string ToString() =>
        $"linear control read {string.Join(", ", ControlRatios.Select(r => r.ToString("F0")))}: tolerance {Tolerance:P0} " +
        $"(spread {Spread:P1}, floor {Floor:P0}, cap {Cap:P0}), bar {Bar:F0}{(TooNoisy ? "; MACHINE TOO NOISY: spread above the cap" : "")}";
}
