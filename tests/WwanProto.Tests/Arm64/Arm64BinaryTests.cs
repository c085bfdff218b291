using System.Text;
using System.Text.Json.Nodes;
using WwanProto.Core.Config;
using WwanProto.ModemSim;
using WwanProto.Tests.Packaging;
using WwanProto.Tests.Standalone;
using WwanProto.Tests.Uci;
using Xunit;

namespace WwanProto.Tests.Arm64;

/// <summary>
/// The arm64 (Raspberry Pi) binary, cross-built on this x86-64 host, run under qemu-aarch64-static: what netifd
/// and a Debian user run, against the same simulator as the x86-64 build.
/// </summary>
public sealed class Arm64BinaryTests
{
    private static async Task<ProcessRunner.Result> RunAsync(IDictionary<string, string?>? environment, params string[] args)
    {
        var command = await Arm64Build.CommandAsync(args);
        return await ProcessRunner.RunAsync(command[0], command[1..], TimeSpan.FromSeconds(60), environment: environment);
    }

    [Fact(Timeout = 900_000)]
    public async Task Is_an_aarch64_executable_that_prints_its_version_and_the_netifd_dump()
    {
        var elf = ElfHeader.Read(await Arm64Build.GetAsync());
        Assert.Equal(183, elf.Machine); // EM_AARCH64

        var version = await RunAsync(null, "--version");
        Assert.True(version.ExitCode == 0, version.Stderr);
        Assert.Equal($"huaweiwwan {WwanProto.Commands.VersionCommand.Version}\n", version.Stdout);

        var dump = await RunAsync(null, "netifd", "", "dump");
        Assert.True(dump.ExitCode == 0, dump.Stderr);
        var proto = JsonNode.Parse(dump.Stdout)!.AsObject();
        Assert.Equal(OptionSchema.ProtocolName, proto["name"]!.GetValue<string>());
        Assert.Equal(OptionSchema.All.Select(o => o.Name), proto["config"]!.AsArray().Select(c => c![0]!.GetValue<string>().Split(':')[0]));
    }

    [Fact(Timeout = 900_000)]
    public async Task Reproduces_the_recorded_uci_transcripts()
    {
        var prefix = string.Join(' ', await Arm64Build.CommandAsync("uci"));
        var tool = Path.Combine(UciTestPaths.Shared(), "tools", "uci-replay.py");
        var r = await ProcessRunner.RunAsync("/usr/bin/python3", [tool, prefix, UciTestPaths.UciVectors()], TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains(" passed, 0 failed", r.Stdout);
    }

    [Fact(Timeout = 900_000)]
    public async Task Probes_the_simulated_stick_and_brings_it_up_standalone()
    {
        await using var rig = await StandaloneRig.StartAsync("arm64-up-");
        var env = new Dictionary<string, string?>
        {
            ["HUAWEIWWAN_SYSFS"] = rig.Sim.Paths.SysRoot,
            ["HUAWEIWWAN_DEVROOT"] = rig.Sim.Paths.DevRoot,
            ["HUAWEIWWAN_LOCKDIR"] = rig.Sim.Paths.LockDir,
        };
        var probe = await RunAsync(env, "probe", "--json");
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        Assert.Contains(rig.Sim.Imei, probe.Stdout);
        Assert.NotNull(JsonNode.Parse(probe.Stdout));

        rig.Command = await Arm64Build.CommandAsync();
        var config = Path.Combine(rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{rig.Sim.UsbPath}'\n\toption apn 'internet'\n");
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", config, "--resolv", Path.Combine(rig.Dir, "resolv"));
        try
        {
            await rig.WaitConnectedAsync(up, log);
            Assert.Contains($"inet {rig.Sim.Addresses.Client}/", rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            var down = await rig.RunAsync(TimeSpan.FromSeconds(60), "down", "--iface", "wan");
            Assert.True(down.Code == 0, down.Err);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30))) await up.WaitForExitAsync(bound.Token);
            Assert.Equal(0, up.ExitCode);
            Assert.DoesNotContain(rig.Sim.Addresses.Client.ToString(), rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
        }
    }
}
