namespace WwanProto.Tests.Uci;

/// <summary>Where the repository and the team's shared reference files are, seen from the test binary.</summary>
internal static class UciTestPaths
{
    /// <summary>The directory holding WwanProto.sln, found by walking up from the test binary.</summary>
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "WwanProto.sln")))
                return d.FullName;
        throw new InvalidOperationException("WwanProto.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The shared directory: a sibling of the repository (&lt;repo&gt;/../shared). A git worktree sits one level
    /// deeper (/work/wt/NAME next to /work/main), so the nearest ancestor's "shared" is taken.
    /// </summary>
    public static string Shared()
    {
        var root = RepoRoot();
        for (var d = new DirectoryInfo(root).Parent; d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference")))
                return candidate;
        }
        throw new InvalidOperationException("shared/reference not found next to " + root);
    }

    public static string UciVectors() => Path.Combine(Shared(), "reference", "uci-vectors");

    public static string TempDir(string tag)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"wwan-uci-{tag}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
