namespace WwanProto.Tests.Packaging;

/// <summary>
/// `scripts/mkipk.sh` (what `make ipk` runs), once per test run: the AOT + musl build takes most of a
/// minute, so every packaging test shares this one result. Output stays under out/ (out/packages).
/// A lock file keeps two test runs in the same checkout from building over each other.
/// </summary>
public static class PackageBuild
{
    private static readonly Lazy<Task<Packages>> Built = new(BuildAsync);

    public sealed record Packages(string Core, string Luci, string Binary);

    public static Task<Packages> GetAsync() => Built.Value;

    private static async Task<Packages> BuildAsync()
    {
        Directory.CreateDirectory(RepoPaths.Of("out"));
        var r = await ProcessRunner.RunAsync("flock", [RepoPaths.Of("out", ".mkipk.lock"), "scripts/mkipk.sh"],
            TimeSpan.FromMinutes(6));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"scripts/mkipk.sh failed ({r.ExitCode}):\n{r.Stdout}\n{r.Stderr}");
        var files = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string Find(string prefix) => RepoPaths.Of(files.Single(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal)));
        return new Packages(Find("huaweiwwan_"), Find("luci-proto-huaweiwwan_"),
            RepoPaths.Of("out", "publish", "static-musl", "huaweiwwan"));
    }
}
