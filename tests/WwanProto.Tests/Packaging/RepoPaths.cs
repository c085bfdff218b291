namespace WwanProto.Tests.Packaging;

/// <summary>Where the repository's files are, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>out/test-results (scripts/test.sh's results directory): screenshots go here.</summary>
    public static string TestResults
    {
        get
        {
            var dir = Of("out", "test-results");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WwanProto.sln"))) return dir.FullName;
        throw new InvalidOperationException($"WwanProto.sln not found above {AppContext.BaseDirectory}");
    }
}
