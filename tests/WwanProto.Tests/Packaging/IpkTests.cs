using System.Formats.Tar;
using System.Text.Json.Nodes;
using Xunit;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// `make ipk`'s huaweiwwan package: OpenWrt's ipk format, control data, layout and permissions after
/// an opkg-style install, and its install scripts on an offline root (IPKG_INSTROOT).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class IpkTests
{
    private const UnixFileMode Exec = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode Data = (UnixFileMode)0b110_100_100; // 0644

    private static readonly string[] Kmods =
    [
        "kmod-usb-serial-option", "kmod-usb-net-cdc-ncm", "kmod-usb-net-huawei-cdc-ncm", "kmod-usb-net-cdc-ether",
        "kmod-usb-net-rndis", "kmod-usb-net-qmi-wwan", "kmod-usb-acm",
    ];

    private static async Task<IpkArchive> CoreAsync() => IpkArchive.Read((await PackageBuild.GetAsync()).Core);

    private static string FeedVar(string name) =>
        File.ReadLines(RepoPaths.Of("feeds", "huaweiwwan", "Makefile"))
            .Single(l => l.StartsWith(name + ":=", StringComparison.Ordinal))[(name.Length + 2)..];

    /// <summary>hotplug/&lt;subsystem&gt; in the repository → /etc/hotplug.d/&lt;subsystem&gt;/25-huaweiwwan (hotplug/README.md).</summary>
    private static IEnumerable<string> HotplugTargets() =>
        Directory.GetFiles(RepoPaths.Of("hotplug")).Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => $"/etc/hotplug.d/{Path.GetFileName(f)}/25-huaweiwwan");

    [Fact(Timeout = 400_000)]
    public async Task Ipk_has_OpenWrts_outer_format()
    {
        var ipk = await CoreAsync();
        Assert.Equal(["./debian-binary", "./data.tar.gz", "./control.tar.gz"], ipk.OuterMembers);
        Assert.Equal("2.0\n", ipk.DebianBinary);
        Assert.Equal($"huaweiwwan_{FeedVar("PKG_VERSION")}-r{FeedVar("PKG_RELEASE")}_x86_64.ipk",
            Path.GetFileName((await PackageBuild.GetAsync()).Core));
    }

    [Fact(Timeout = 400_000)]
    public async Task Control_fields_describe_the_package_and_its_dependencies()
    {
        var ipk = await CoreAsync();
        var f = ipk.Fields();
        Assert.Equal("huaweiwwan", f["Package"]);
        Assert.Equal($"{FeedVar("PKG_VERSION")}-r{FeedVar("PKG_RELEASE")}", f["Version"]);
        Assert.Equal("x86_64", f["Architecture"]);
        Assert.Equal("net", f["Section"]);
        Assert.Equal("huaweiwwan", f["SourceName"]);
        Assert.Equal("feeds/huaweiwwan/huaweiwwan", f["Source"]);
        Assert.Equal(FeedVar("PKG_LICENSE"), f["License"]);
        Assert.Contains("netifd protocol handler", f["Description"]);
        Assert.Equal(ipk.DataTarSize.ToString(System.Globalization.CultureInfo.InvariantCulture), f["Installed-Size"]);
        var depends = f["Depends"].Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal([.. Kmods, "ppp"], depends);
    }

    [Fact(Timeout = 400_000)]
    public async Task Installed_into_an_opkg_root_files_are_in_place_with_their_modes()
    {
        var ipk = await CoreAsync();
        using var root = new OpkgRoot();
        var package = root.Install(ipk);
        Assert.Equal("huaweiwwan", package);

        string[] executables = ["/usr/sbin/huaweiwwan", "/lib/netifd/proto/huaweiwwan.sh", "/usr/libexec/rpcd/huaweiwwan", .. HotplugTargets(),
            "/lib/netifd/huaweiwwan-ppp-up", "/lib/netifd/huaweiwwan-ppp6-up", "/lib/netifd/huaweiwwan-ppp-down"];
        foreach (var path in executables)
            Assert.True(File.GetUnixFileMode(root.File(path)) == Exec, $"{path}: {File.GetUnixFileMode(root.File(path))}");
        Assert.Equal(Data, File.GetUnixFileMode(root.File("/usr/share/rpcd/acl.d/huaweiwwan.json")));
        JsonNode.Parse(File.ReadAllText(root.File("/usr/share/rpcd/acl.d/huaweiwwan.json")));

        var files = ipk.Data.Where(e => e.Type is TarEntryType.RegularFile).Select(e => e.Name.TrimStart('.')).Order().ToList();
        Assert.Equal([.. executables.Append("/usr/share/rpcd/acl.d/huaweiwwan.json").Order()], files);
        Assert.All(ipk.Data, e => Assert.True(e.Uid == 0 && e.Gid == 0, $"{e.Name} owned by {e.Uid}:{e.Gid}"));
        Assert.Equal(files, File.ReadAllLines(root.Info(package, "list")).Order());

        foreach (var script in new[] { "postinst", "prerm", "postinst-pkg", "prerm-pkg" })
            Assert.Equal(Exec, File.GetUnixFileMode(root.Info(package, script)));
        Assert.Equal(Data, File.GetUnixFileMode(root.Info(package, "control")));
        if (File.Exists(root.Info(package, "conffiles")))
            Assert.All(File.ReadAllLines(root.Info(package, "conffiles")), c =>
            {
                Assert.StartsWith("/etc/", c);
                Assert.Contains(c, files);
            });
        Assert.Contains("Status: install user installed", File.ReadAllText(Path.Combine(root.Path, "usr", "lib", "opkg", "status")));
    }

    [Fact(Timeout = 400_000)]
    public async Task Install_scripts_do_nothing_on_an_offline_root()
    {
        var ipk = await CoreAsync();
        using var root = new OpkgRoot();
        var package = root.Install(ipk);
        var before = Snapshot(root.Path);

        foreach (var script in new[] { "postinst", "postinst-pkg", "prerm", "prerm-pkg" })
        {
            var r = await ProcessRunner.RunAsync("busybox", ["sh", root.Info(package, script), "configure"], TimeSpan.FromSeconds(30),
                environment: new Dictionary<string, string?> { ["IPKG_INSTROOT"] = root.Path, ["PATH"] = "/usr/bin:/bin" });
            Assert.True(r.ExitCode == 0, $"{script}: exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
            Assert.Equal("", r.Stdout + r.Stderr);
        }
        Assert.Equal(before, Snapshot(root.Path));
        Assert.False(Directory.Exists("/usr/lib/huaweiwwan"), "postinst wrote its stamp on the build host");
    }

    [Fact(Timeout = 400_000)]
    public async Task Postinst_restarts_nothing_where_netifd_is_not_running()
    {
        var ipk = await CoreAsync();
        using var root = new OpkgRoot();
        var package = root.Install(ipk);
        // A live system (IPKG_INSTROOT unset) without ubus, like this build host: nothing to restart.
        var r = await ProcessRunner.RunAsync("busybox", ["sh", root.Info(package, "postinst-pkg")], TimeSpan.FromSeconds(30),
            environment: new Dictionary<string, string?> { ["IPKG_INSTROOT"] = null, ["PATH"] = "/nonexistent" });
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout + r.Stderr);
        Assert.False(Directory.Exists("/usr/lib/huaweiwwan"));
    }

    [Fact(Timeout = 400_000)]
    public async Task Every_shell_script_parses_under_busybox_ash()
    {
        var ipk = await CoreAsync();
        var scripts = ipk.Control.Where(e => e.Name is not "./control" and not "./" && e.Type is TarEntryType.RegularFile)
            .Concat(ipk.Data.Where(e => e.Type is TarEntryType.RegularFile && e.Data.AsSpan().StartsWith("#!/bin/sh"u8)));
        var dir = Directory.CreateTempSubdirectory("wwan-scripts-");
        try
        {
            foreach (var s in scripts)
            {
                var file = Path.Combine(dir.FullName, Path.GetFileName(s.Name));
                await File.WriteAllBytesAsync(file, s.Data);
                var r = await ProcessRunner.RunAsync("busybox", ["sh", "-n", file], TimeSpan.FromSeconds(10));
                Assert.True(r.ExitCode == 0, $"{s.Name}: {r.Stderr}");
            }
        }
        finally { dir.Delete(recursive: true); }
    }

    private static List<string> Snapshot(string dir) =>
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
            .Select(p => $"{Path.GetRelativePath(dir, p)} {(File.Exists(p) ? new FileInfo(p).Length : -1)}")
            .Order().ToList();
}
