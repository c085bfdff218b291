using WwanProto.Tests.Packaging;

namespace WwanProto.Tests.Arm64;

/// <summary>
/// `make publish RID=linux-arm64` (the cross link with clang and lld) at most once per test run, cached in
/// out/publish/linux-arm64 with a hash of its inputs, and how to run the result: qemu-aarch64-static with
/// Debian's aarch64 libraries as the loader's root.
/// </summary>
public static class Arm64Build
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    public static string[] Qemu => ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"];

    /// <summary>The arm64 binary's path.</summary>
    public static Task<string> GetAsync() => Built.Value;

    /// <summary>The command line that runs the arm64 binary with <paramref name="args"/>.</summary>
    public static async Task<string[]> CommandAsync(params string[] args) => [.. Qemu, await GetAsync(), .. args];

    private static async Task<string> BuildAsync()
    {
        var binary = RepoPaths.Of("out", "publish", "linux-arm64", "huaweiwwan");
        await CachedBuild.RunAsync(binary, RepoPaths.Of("out", "publish", "linux-arm64.inputs.sha256"),
            PackageBuild.InputsHash(["proto", "uci"], [RepoPaths.Of("Makefile")]),
            ["make", "--no-print-directory", "publish", "RID=linux-arm64"], TimeSpan.FromMinutes(10));
        return binary;
    }
}
