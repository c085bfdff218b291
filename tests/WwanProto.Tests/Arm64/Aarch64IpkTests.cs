using System.Text.Json.Nodes;
using WwanProto.Core.Config;
using WwanProto.Tests.Packaging;
using Xunit;

namespace WwanProto.Tests.Arm64;

/// <summary>
/// `make ipk ARCH=aarch64`: the OpenWrt package for aarch64 routers (and a Raspberry Pi under OpenWrt), its binary
/// linked statically against Debian's arm64 musl (musl-dev:arm64). Built once per test run into out/ipk-aarch64
/// (cached by input hash), apart from the x86_64 packages in out/packages. The binary runs under
/// qemu-aarch64-static with no aarch64 libraries at all: nothing of a libc is needed on the router.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Aarch64IpkTests
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    private static async Task<string> BuildAsync()
    {
        var output = RepoPaths.Of("out", "ipk-aarch64");
        await CachedBuild.RunAsync(Path.Combine(output, "publish", "static-musl-aarch64", "huaweiwwan"), Path.Combine(output, ".inputs.sha256"),
            PackageBuild.InputsHash(["proto", "uci", "feeds", "hotplug"], [RepoPaths.Of("scripts", "mkipk.sh"), RepoPaths.Of("scripts", "aarch64-linux-musl-cc")]),
            [RepoPaths.Of("scripts", "mkipk.sh")], TimeSpan.FromMinutes(10),
            new Dictionary<string, string?> { ["ARCH"] = "aarch64", ["OUT"] = output, ["BIN"] = null });
        return Directory.GetFiles(Path.Combine(output, "packages"), "huaweiwwan_*_aarch64_generic.ipk").Single();
    }

    [Fact(Timeout = 900_000)]
    public async Task Packages_a_static_aarch64_binary_that_runs_without_any_libc()
    {
        var ipk = IpkArchive.Read(await Built.Value);
        Assert.Equal("aarch64_generic", ipk.Fields()["Architecture"]);
        var dir = Directory.CreateTempSubdirectory("wwan-aarch64-ipk-").FullName;
        try
        {
            var bin = Path.Combine(dir, "huaweiwwan");
            await File.WriteAllBytesAsync(bin, ipk.DataFile("/usr/sbin/huaweiwwan")!.Data);
            File.SetUnixFileMode(bin, (UnixFileMode)0b111_101_101);
            var elf = ElfHeader.Read(bin);
            Assert.Equal(183, elf.Machine); // EM_AARCH64
            Assert.Equal(ElfHeader.EtExec, elf.Type);
            Assert.DoesNotContain(ElfHeader.PtInterp, elf.ProgramHeaderTypes);
            Assert.DoesNotContain(ElfHeader.PtDynamic, elf.ProgramHeaderTypes);

            string[] qemu = ["qemu-aarch64-static", bin];
            var version = await RunAsync([.. qemu, "--version"]);
            Assert.Equal($"huaweiwwan {WwanProto.Commands.VersionCommand.Version}\n", version);
            var proto = JsonNode.Parse(await RunAsync([.. qemu, "netifd", "", "dump"]))!.AsObject();
            Assert.Equal(OptionSchema.All.Select(o => o.Name), proto["config"]!.AsArray().Select(c => c![0]!.GetValue<string>().Split(':')[0]));

            // What LuCI and `config setup` do on the router: a uci change committed.
            var conf = Directory.CreateDirectory(Path.Combine(dir, "config")).FullName;
            var save = Directory.CreateDirectory(Path.Combine(dir, "save")).FullName;
            File.WriteAllText(Path.Combine(conf, "network"), "config interface 'wan'\n\toption proto 'huaweiwwan'\n");
            await RunAsync([.. qemu, "uci", "-c", conf, "-t", save, "set", "network.wan.apn=internet"]);
            await RunAsync([.. qemu, "uci", "-c", conf, "-t", save, "commit", "network"]);
            Assert.Contains("\toption apn 'internet'\n", File.ReadAllText(Path.Combine(conf, "network")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string[] command)
    {
        var r = await ProcessRunner.RunAsync(command[0], command[1..], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', command[2..])} exited {r.ExitCode}: {r.Stderr}");
        return r.Stdout;
    }
}
