using System.Text.Json.Nodes;
using WwanProto.Core.Config;
using Xunit;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// The packaged binary needs no libc on the target (OpenWrt is musl; a glibc-linked binary would not
/// start there): no ELF interpreter, and it runs in a chroot that holds nothing but itself.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class StaticBinaryTests
{
    private static async Task<string> PackagedBinaryAsync()
    {
        var ipk = IpkArchive.Read((await PackageBuild.GetAsync()).Core);
        var dir = Directory.CreateTempSubdirectory("wwan-elf-");
        var path = Path.Combine(dir.FullName, "huaweiwwan");
        await File.WriteAllBytesAsync(path, ipk.DataFile("/usr/sbin/huaweiwwan")!.Data);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    [Fact(Timeout = 400_000)]
    public async Task Packaged_binary_is_a_static_x86_64_executable()
    {
        var path = await PackagedBinaryAsync();
        try
        {
            var elf = ElfHeader.Read(path);
            Assert.Equal(ElfHeader.EmX86_64, elf.Machine);
            Assert.Equal(ElfHeader.EtExec, elf.Type);
            Assert.DoesNotContain(ElfHeader.PtInterp, elf.ProgramHeaderTypes);
            Assert.DoesNotContain(ElfHeader.PtDynamic, elf.ProgramHeaderTypes);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }

    [Fact(Timeout = 400_000)]
    public async Task Binary_runs_in_an_empty_chroot()
    {
        var path = await PackagedBinaryAsync();
        var jail = Path.GetDirectoryName(path)!;
        try
        {
            Assert.Equal(["huaweiwwan"], Directory.GetFileSystemEntries(jail).Select(Path.GetFileName));
            var version = await ProcessRunner.RunAsync("chroot", [jail, "/huaweiwwan", "--version"], TimeSpan.FromSeconds(30));
            Assert.True(version.ExitCode == 0, version.Stderr);
            Assert.Equal($"huaweiwwan {WwanProto.Commands.VersionCommand.Version}\n", version.Stdout);

            var schema = await ProcessRunner.RunAsync("chroot", [jail, "/huaweiwwan", "schema", "--json"], TimeSpan.FromSeconds(30));
            Assert.True(schema.ExitCode == 0, schema.Stderr);
            var names = JsonNode.Parse(schema.Stdout)!["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>());
            Assert.Equal(OptionSchema.All.Select(o => o.Name), names);

            // What netifd runs at start (through the shim): the dump, as netifd would parse it.
            var dump = await ProcessRunner.RunAsync("chroot", [jail, "/huaweiwwan", "netifd", "", "dump"], TimeSpan.FromSeconds(30));
            Assert.True(dump.ExitCode == 0, dump.Stderr);
            var proto = JsonNode.Parse(dump.Stdout)!.AsObject();
            Assert.Equal(OptionSchema.ProtocolName, proto["name"]!.GetValue<string>());
            Assert.Equal(OptionSchema.All.Select(o => o.Name),
                proto["config"]!.AsArray().Select(c => c![0]!.GetValue<string>().Split(':')[0]));
        }
        finally { Directory.Delete(jail, recursive: true); }
    }
    /// <summary>
    /// `uci commit` writes through a temp file with a random name; drawing it from System.Security.Cryptography
    /// made the static binary load OpenSSL, which it cannot, and abort ("No usable version of libssl was found").
    /// </summary>
    [Fact(Timeout = 400_000)]
    public async Task Commits_a_uci_change_in_an_empty_chroot()
    {
        var path = await PackagedBinaryAsync();
        var jail = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(Path.Combine(jail, "etc", "config"));
            Directory.CreateDirectory(Path.Combine(jail, "tmp"));
            File.WriteAllText(Path.Combine(jail, "etc", "config", "network"), "config interface 'wan'\n\toption proto 'huaweiwwan'\n");
            string[] uci = [jail, "/huaweiwwan", "uci", "-c", "/etc/config", "-t", "/tmp"];
            var set = await ProcessRunner.RunAsync("chroot", [.. uci, "set", "network.wan.apn=internet"], TimeSpan.FromSeconds(30));
            Assert.True(set.ExitCode == 0, set.Stderr);
            var commit = await ProcessRunner.RunAsync("chroot", [.. uci, "commit", "network"], TimeSpan.FromSeconds(30));
            Assert.True(commit.ExitCode == 0, commit.Stderr);
            Assert.Equal("\nconfig interface 'wan'\n\toption proto 'huaweiwwan'\n\toption apn 'internet'\n\n",
                File.ReadAllText(Path.Combine(jail, "etc", "config", "network")));
            Assert.Equal(["network"], Directory.GetFileSystemEntries(Path.Combine(jail, "etc", "config")).Select(Path.GetFileName));
        }
        finally { Directory.Delete(jail, recursive: true); }
    }
}
