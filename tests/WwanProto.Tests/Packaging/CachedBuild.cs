namespace WwanProto.Tests.Packaging;

/// <summary>
/// A build a test needs, run under the publish lock unless its stamp file already holds the hash of its inputs
/// (and its output exists): a later test run in the same checkout rebuilds only when a source changed.
/// </summary>
public static class CachedBuild
{
    public static async Task RunAsync(string output, string stamp, string key, string[] command, TimeSpan bound,
        IDictionary<string, string?>? environment = null)
    {
        if (File.Exists(stamp) && File.Exists(output) && File.ReadAllText(stamp) == key) return;
        Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
        // The ipk build (same lock) goes first, so the 400 s bounds of its many tests never include this build;
        // its failure is theirs to report, not ours.
        await Task.WhenAny(PackageBuild.GetAsync());
        var r = await ProcessRunner.RunAsync("flock", [PackageBuild.PublishLock, .. command], bound, environment: environment);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', command)} failed ({r.ExitCode}):\n{r.Stdout}\n{r.Stderr}");
        if (!File.Exists(output)) throw new InvalidOperationException($"{string.Join(' ', command)} made no {output}:\n{r.Stdout}");
        await File.WriteAllTextAsync(stamp, key);
    }
}
