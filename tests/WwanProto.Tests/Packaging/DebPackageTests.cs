using WwanProto.Tests.Arm64;
using Xunit;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// `make deb` (scripts/mkdeb.sh) for both architectures, installed, removed and purged by the real dpkg into a
/// root of its own (--root; maintainer scripts chrootless: they see DPKG_ROOT and leave the host's systemd
/// alone). The arm64 package is installed as a Raspberry Pi would: the temp root's dpkg database has arm64 as
/// a foreign architecture (the host's is untouched), and the installed binary runs under qemu-aarch64-static.
/// amd64 packages the test build's huaweiwwan, so that this test needs no second AOT publish: what is checked
/// is the package (layout, modes, conffile, scripts), and the installed binary is byte-for-byte the one given.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DebPackageTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    [Theory(Timeout = 900_000)]
    [InlineData("amd64")]
    [InlineData("arm64")]
    public async Task Installs_the_binary_unit_and_conffile_keeps_it_on_remove_and_purges_cleanly(string arch)
    {
        var binary = arch == "amd64" ? Path.Combine(AppContext.BaseDirectory, "huaweiwwan") : await Arm64Build.GetAsync();
        var work = Directory.CreateTempSubdirectory("wwan-deb-").FullName;
        try
        {
            var deb = await BuildAsync(arch, binary, Path.Combine(work, "out"));
            var fields = await RunAsync("dpkg-deb", "--field", deb, "Package", "Architecture", "Depends");
            Assert.Contains("Package: huaweiwwan\n", fields);
            Assert.Contains($"Architecture: {arch}\n", fields);
            Assert.Matches(@"Depends: libc6 \(>= 2\.\d+\), iproute2", fields);

            var root = Path.Combine(work, "root");
            var admin = Path.Combine(root, "var", "lib", "dpkg");
            foreach (var d in new[] { "info", "updates", "triggers" }) Directory.CreateDirectory(Path.Combine(admin, d));
            File.WriteAllText(Path.Combine(admin, "status"), "");
            File.WriteAllText(Path.Combine(admin, "available"), "");
            if (arch != "amd64") await RunAsync("dpkg", "--root=" + root, "--add-architecture", arch);
            // The root holds no libc6 or iproute2 packages: their absence is the only thing forced.
            string[] dpkg = ["dpkg", "--root=" + root, "--force-script-chrootless", "--force-depends", "--log=/dev/null"];

            await RunAsync([.. dpkg, "-i", deb]);
            Assert.Equal("install ok installed", await StatusAsync(root));
            Assert.Equal(
                ["etc/config/network 600", "lib/systemd/system/huaweiwwan@.service 644", "usr/sbin/huaweiwwan 755"],
                FilesOutsideDpkg(root).Select(f => $"{f} {Convert.ToString((int)File.GetUnixFileMode(Path.Combine(root, f)), 8)}"));
            Assert.Equal(await File.ReadAllBytesAsync(binary), await File.ReadAllBytesAsync(Path.Combine(root, "usr", "sbin", "huaweiwwan")));
            Assert.Equal(File.ReadAllText(RepoPaths.Of("debian", "huaweiwwan@.service")), File.ReadAllText(Path.Combine(root, "lib", "systemd", "system", "huaweiwwan@.service")));
            Assert.Equal(File.ReadAllText(RepoPaths.Of("debian", "network.example")), File.ReadAllText(Path.Combine(root, "etc", "config", "network")));
            Assert.StartsWith(" /etc/config/network ", await RunAsync("dpkg-query", "--root=" + root, "-W", "-f=${Conffiles}", "huaweiwwan"));
            if (arch == "arm64")
            {
                var installed = Path.Combine(root, "usr", "sbin", "huaweiwwan");
                Assert.Equal($"huaweiwwan {WwanProto.Commands.VersionCommand.Version}\n", await RunAsync([.. Arm64Build.Qemu, installed, "--version"]));
            }

            // The user's edit (what `huaweiwwan config setup` does) survives removal; enabling made a link.
            var config = Path.Combine(root, "etc", "config", "network");
            File.AppendAllText(config, "\toption pincode '1234'\n");
            var wants = Path.Combine(root, "etc", "systemd", "system", "multi-user.target.wants");
            Directory.CreateDirectory(wants);
            File.CreateSymbolicLink(Path.Combine(wants, "huaweiwwan@wan.service"), "/lib/systemd/system/huaweiwwan@.service");

            await RunAsync([.. dpkg, "-r", "huaweiwwan"]);
            Assert.Equal("deinstall ok config-files", await StatusAsync(root));
            Assert.Equal(["etc/config/network", "etc/systemd/system/multi-user.target.wants/huaweiwwan@wan.service"], FilesOutsideDpkg(root));
            Assert.EndsWith("\toption pincode '1234'\n", File.ReadAllText(config));

            await RunAsync([.. dpkg, "--purge", "huaweiwwan"]);
            Assert.Equal("", await StatusAsync(root));
            Assert.Empty(FilesOutsideDpkg(root));
            Assert.False(Directory.Exists(Path.Combine(root, "etc", "config")));
            Assert.False(Directory.Exists(Path.Combine(root, "etc", "udev")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> BuildAsync(string arch, string binary, string output)
    {
        var build = await ProcessRunner.RunAsync(RepoPaths.Of("scripts", "mkdeb.sh"), [], TimeSpan.FromMinutes(2), environment: new Dictionary<string, string?>
        {
            ["BIN"] = binary,
            ["OUT"] = output,
            ["ARCH"] = arch,
        });
        Assert.True(build.ExitCode == 0, build.Stderr);
        var deb = build.Stdout.Trim();
        Assert.EndsWith($"_{arch}.deb", deb);
        return deb;
    }

    private static async Task<string> RunAsync(params string[] command)
    {
        var r = await ProcessRunner.RunAsync(command[0], command[1..], Bound);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', command)} exited {r.ExitCode}:\n{r.Stdout}{r.Stderr}");
        return r.Stdout;
    }

    /// <summary>dpkg-query's Status of the package, "" when dpkg no longer knows it.</summary>
    private static async Task<string> StatusAsync(string root)
    {
        var r = await ProcessRunner.RunAsync("dpkg-query", ["--root=" + root, "-W", "-f=${Status}", "huaweiwwan"], Bound);
        if (r.ExitCode == 0) return r.Stdout;
        Assert.Contains("no packages found matching huaweiwwan", r.Stderr);
        return "";
    }

    /// <summary>Files and links under the root, relative, sorted, but for dpkg's own database.</summary>
    private static string[] FilesOutsideDpkg(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(f => !Directory.Exists(f) || new FileInfo(f).LinkTarget is not null)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith("var/lib/dpkg/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
}
