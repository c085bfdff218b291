using WwanProto.Fuzz;

// make fuzz: every target for --inputs mutated inputs (default 1,000,000) from a fixed --seed, with a
// linearity probe; prints one row per target and every escape (minimized, also written to --out as hex), then the
// probe's two controls. Exit status 1 when anything escaped, a target is superlinear, or the quadratic control is not.
long inputs = 1_000_000;
var seed = 1;
string? only = null;
var outDir = "out/fuzz";
var linear = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--inputs": inputs = long.Parse(args[++i]); break;
        case "--seed": seed = int.Parse(args[++i]); break;
        case "--target": only = args[++i]; break;
        case "--out": outDir = args[++i]; break;
        case "--no-linearity": linear = false; break;
        case "--list":
            foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name,-16} seeds {t.Seeds,-16} allowed: {Allowed(t)}");
            return 0;
        default:
            Console.Error.WriteLine("usage: WwanProto.Fuzz [--inputs N] [--seed S] [--target NAME[,NAME...]] [--out DIR] [--no-linearity] [--list]");
            return 2;
    }
}

var targets = only is null ? FuzzTargets.All : only.Split(',').Select(n => FuzzTargets.Find(n) ?? throw new ArgumentException($"no fuzz target '{n}' (see --list)")).ToList();
Directory.CreateDirectory(outDir);
using var watchdog = new Watchdog(TimeSpan.FromSeconds(30));
Console.WriteLine($"fuzz: {targets.Count} targets, {inputs:N0} inputs each, seed {seed}");
double? bar = null;
if (linear)
{
    var noise = NoiseTolerance.Measure();
    Console.WriteLine("linearity: " + noise);
    bar = noise.Bar;
}
Console.WriteLine($"{"target",-16} {"inputs",12} {"seconds",8} {"inputs/s",10} {"escapes",7}  linearity, CPU per call: 10 KB / 100 KB / 1 MB, 1 MB:10 KB (linear = 100, bar {bar:F0}), 1 MB:100 KB (x10)");
var escaped = 0;
var superlinear = new List<string>();
long total = 0;
var started = DateTime.UtcNow;
foreach (var target in targets)
{
    var r = FuzzRunner.Run(target, inputs, seed, bar, watchdog);
    total += r.Inputs;
    if (r.Linearity?.Superlinear == true) superlinear.Add(r.Target);
    Console.WriteLine($"{r.Target,-16} {r.Inputs,12:N0} {r.Elapsed.TotalSeconds,8:F1} {r.PerSecond,10:N0} {r.Escapes.Count,7}  {r.Linearity}");
    for (var n = 0; n < r.Escapes.Count; n++)
    {
        var e = r.Escapes[n];
        Console.WriteLine("  ESCAPE " + e.ToString().Replace("\n", "\n  "));
        File.WriteAllText(Path.Combine(outDir, $"{e.Target}-{n + 1}.hex"), Convert.ToHexString(e.Input) + "\n");
    }
    escaped += r.Escapes.Count;
}
var probeBlind = false;
if (bar is { } b)
{
    // The controls: the linear one as a row like any other, the quadratic one must be caught or the probe is blind.
    foreach (var control in new[] { LinearityControls.Linear, LinearityControls.Quadratic })
    {
        var verdict = LinearityVerdict.Judge(control, SeedCorpus.Load(control), b);
        Console.WriteLine($"{control.Name,-16} {"",12} {"",8} {"",10} {"",7}  {verdict}");
        if (control == LinearityControls.Quadratic) probeBlind = !verdict.Superlinear;
    }
    Console.WriteLine(probeBlind ? "linearity: PROBE BLIND: the quadratic control was not flagged"
        : superlinear.Count == 0 ? $"linearity: every target within the bar ({b:F0})"
        : $"linearity: SUPERLINEAR: {string.Join(", ", superlinear)}");
}
Console.WriteLine($"fuzz: {total:N0} inputs in {(DateTime.UtcNow - started).TotalSeconds:F0} s, {escaped} escape(s)");
return escaped == 0 && superlinear.Count == 0 && !probeBlind ? 0 : 1;

static string Allowed(FuzzTarget t) => t.Allowed.Length == 0 ? "nothing (never throws)" : string.Join(", ", t.Allowed.Select(a => a.Name));
