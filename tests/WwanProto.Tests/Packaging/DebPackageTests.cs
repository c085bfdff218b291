using Xunit;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// `make deb` (scripts/mkdeb.sh) with the test build's binary, installed and removed by the real dpkg into a
/// root of its own (--root, scripts chrootless: they see DPKG_ROOT and leave the host's systemd alone).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DebPackageTests
{
    [Fact]
    public async Task Deb_installs_the_binary_unit_and_example_and_removes_cleanly()
    {
        var work = Directory.CreateTempSubdirectory("wwan-deb-").FullName;
        try
        {
            var build = await ProcessRunner.RunAsync(RepoPaths.Of("scripts", "mkdeb.sh"), [], TimeSpan.FromMinutes(2), environment: new Dictionary<string, string?>
            {
                ["BIN"] = Path.Combine(AppContext.BaseDirectory, "huaweiwwan"),
                ["OUT"] = Path.Combine(work, "out"),
                ["ARCH"] = "amd64",
            });
            Assert.True(build.ExitCode == 0, build.Stderr);
            var deb = build.Stdout.Trim();
            Assert.EndsWith("_amd64.deb", deb);

            var info = await ProcessRunner.RunAsync("dpkg-deb", ["--field", deb, "Package", "Architecture", "Depends"], TimeSpan.FromSeconds(30));
            Assert.Contains("Package: huaweiwwan", info.Stdout);
            Assert.Contains("Architecture: amd64", info.Stdout);

            var root = Path.Combine(work, "root");
            var admin = Path.Combine(root, "var", "lib", "dpkg");
            foreach (var d in new[] { "info", "updates", "triggers" }) Directory.CreateDirectory(Path.Combine(admin, d));
            File.WriteAllText(Path.Combine(admin, "status"), "");
            File.WriteAllText(Path.Combine(admin, "available"), "");
            // The root holds no libc6 or iproute2 packages: their absence is the only thing forced.
            string[] dpkg = ["--root=" + root, "--force-script-chrootless", "--force-depends", "--log=/dev/null"];

            var install = await ProcessRunner.RunAsync("dpkg", [.. dpkg, "-i", deb], TimeSpan.FromMinutes(1));
            Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
            Assert.True(File.Exists(Path.Combine(root, "usr", "sbin", "huaweiwwan")));
            Assert.True((File.GetUnixFileMode(Path.Combine(root, "usr", "sbin", "huaweiwwan")) & UnixFileMode.UserExecute) != 0);
            Assert.Equal(File.ReadAllText(RepoPaths.Of("debian", "huaweiwwan@.service")), File.ReadAllText(Path.Combine(root, "lib", "systemd", "system", "huaweiwwan@.service")));
            Assert.True(File.Exists(Path.Combine(root, "usr", "share", "doc", "huaweiwwan", "examples", "network")));
            Assert.False(Directory.Exists(Path.Combine(root, "etc", "udev")));
            var status = await ProcessRunner.RunAsync("dpkg-query", ["--root=" + root, "-W", "-f=${Status}", "huaweiwwan"], TimeSpan.FromSeconds(30));
            Assert.Equal("install ok installed", status.Stdout);

            var purge = await ProcessRunner.RunAsync("dpkg", [.. dpkg, "--purge", "huaweiwwan"], TimeSpan.FromMinutes(1));
            Assert.True(purge.ExitCode == 0, purge.Stdout + purge.Stderr);
            // Nothing of ours is left outside dpkg's own database.
            var left = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f)).Where(f => !f.StartsWith("var/lib/dpkg/", StringComparison.Ordinal)).ToArray();
            Assert.Empty(left);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
