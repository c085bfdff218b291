using System.Text;

namespace WwanProto.Fuzz;

/// <summary>
/// Two known targets for the linearity probe itself (not parsers of the product, never in <see cref="FuzzTargets.All"/>).
/// The linear one measures this machine's noise, which sets the bar's tolerance (<see cref="NoiseTolerance"/>); the
/// quadratic one must always read SUPERLINEAR, or the probe has stopped seeing quadratic work.
/// </summary>
public static class LinearityControls
{
    /// <summary>
    /// A parser's shape with linear work: the whole file decoded to one string (a large object for the 1 MB input,
    /// as File.ReadAllText makes it), then every trimmed non-comment line kept as a string until the end (the output).
    /// </summary>
    public static readonly FuzzTarget Linear = new("linear-control", "wvdial", [], b =>
    {
        var kept = new List<string>();
        foreach (var line in Encoding.UTF8.GetString(b).AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#') kept.Add(trimmed.ToString());
        }
        Sink = kept.Count;
    });

    /// <summary>
    /// Deliberately quadratic: at every kilobyte it scans all the input read so far (a parser that looks up its
    /// previous record from the start each time). 1 MB against 10 KB reads about 10,000.
    /// </summary>
    public static readonly FuzzTarget Quadratic = new("quadratic-control", "wvdial", [], b =>
    {
        var found = 0;
        for (var end = 1024; end <= b.Length; end += 1024)
            found += b.AsSpan(0, end).Count((byte)'\n');
        Sink = found;
    });

    /// <summary>Keeps the JIT from dropping the controls' work as unused.</summary>
    public static int Sink;
}
