using System.Security.Cryptography;
using System.Text;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// `scripts/mkipk.sh` (what `make ipk` runs), at most once per test run: the AOT + musl build takes
/// most of a minute, so every packaging test shares one result, and the packages stay cached under
/// out/packages with a hash of their inputs; a later run rebuilds only when a source changed.
/// A lock file keeps two test runs in the same checkout from building over each other.
/// </summary>
public static class PackageBuild
{
    private static readonly Lazy<Task<Packages>> Built = new(BuildAsync);

    public sealed record Packages(string Core, string Luci, string Binary);

    public static Task<Packages> GetAsync() => Built.Value;

    /// <summary>
    /// Every AOT publish a test starts takes this lock: publishes for different RIDs still build the referenced
    /// libraries (WwanProto.Core, Uci) into one shared bin/obj, and two at once would write over each other.
    /// </summary>
    public static string PublishLock => RepoPaths.Of("out", ".publish.lock");

    private static string PackagesDir => RepoPaths.Of("out", "packages");
    private static string Stamp => Path.Combine(PackagesDir, ".inputs.sha256");

    private static async Task<Packages> BuildAsync()
    {
        var key = InputsHash(["proto", "uci", "feeds", "hotplug"], [RepoPaths.Of("scripts", "mkipk.sh")]);
        if (Cached(key) is { } cached) return cached;

        Directory.CreateDirectory(RepoPaths.Of("out"));
        var r = await ProcessRunner.RunAsync("flock", [PublishLock, "scripts/mkipk.sh"],
            TimeSpan.FromMinutes(6), environment: new Dictionary<string, string?> { ["ARCH"] = "x86_64", ["OUT"] = null, ["BIN"] = null });
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"scripts/mkipk.sh failed ({r.ExitCode}):\n{r.Stdout}\n{r.Stderr}");
        await File.WriteAllTextAsync(Stamp, key);
        return Cached(key) ?? throw new InvalidOperationException($"scripts/mkipk.sh left no packages in {PackagesDir}:\n{r.Stdout}");
    }

    private static Packages? Cached(string key)
    {
        if (!File.Exists(Stamp) || File.ReadAllText(Stamp) != key) return null;
        var core = Directory.GetFiles(PackagesDir, "huaweiwwan_*_x86_64.ipk");
        var luci = Directory.GetFiles(PackagesDir, "luci-proto-huaweiwwan_*.ipk");
        var binary = RepoPaths.Of("out", "publish", "static-musl", "huaweiwwan");
        return core.Length == 1 && luci.Length == 1 && File.Exists(binary) ? new Packages(core[0], luci[0], binary) : null;
    }

    /// <summary>SHA-256 over the path and content of every file under <paramref name="roots"/>, the named files and Directory.Build.props.</summary>
    internal static string InputsHash(string[] roots, string[] files)
    {
        var all = roots.Select(r => RepoPaths.Of(r)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Concat([.. files, RepoPaths.Of("Directory.Build.props")])
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .Order(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in all)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(f + "\n"));
            sha.AppendData(File.ReadAllBytes(RepoPaths.Of(f)));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
