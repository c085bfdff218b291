using WwanProto.Tests.Packaging;
using Xunit;

namespace WwanProto.Tests.Systemd;

/// <summary>debian/huaweiwwan@.service as systemd reads it: `systemd-analyze verify` on an instance, in a root of its own.</summary>
public sealed class SystemdUnitTests
{
    private static string Unit => RepoPaths.Of("debian", "huaweiwwan@.service");

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_template_unit_without_a_warning()
    {
        var root = Directory.CreateTempSubdirectory("wwan-unit-").FullName;
        try
        {
            // The system's own units (sysinit.target, ...) for the default dependencies, ours beside them,
            // and an executable at ExecStart's path: verify checks it exists.
            var units = Path.Combine(root, "lib", "systemd", "system");
            await CopyTreeAsync("/lib/systemd/system", units);
            File.Copy(Unit, Path.Combine(units, "huaweiwwan@.service"));
            Directory.CreateDirectory(Path.Combine(root, "usr", "sbin"));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "huaweiwwan"), Path.Combine(root, "usr", "sbin", "huaweiwwan"));

            var r = await ProcessRunner.RunAsync("systemd-analyze", ["verify", "--man=no", $"--root={root}", "huaweiwwan@wan.service"], TimeSpan.FromSeconds(60));
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            Assert.DoesNotContain("huaweiwwan", r.Stdout + r.Stderr);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_unit_runs_up_for_its_instance_as_a_notify_service_restarting_only_transient_failures()
    {
        var lines = File.ReadAllLines(Unit).Where(l => l.Length > 0 && l[0] != '#').ToArray();
        Assert.Contains("Type=notify", lines);
        Assert.Contains(lines, l => l.StartsWith("ExecStart=/usr/sbin/huaweiwwan up --iface %i ", StringComparison.Ordinal));
        Assert.Contains("Restart=on-failure", lines);
        Assert.Contains("RestartPreventExitStatus=1 2", lines);
        Assert.Contains("ProtectSystem=strict", lines);
        Assert.Contains("PrivateTmp=yes", lines);
        Assert.Contains(lines, l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal) && l.Contains("CAP_NET_ADMIN"));
        Assert.DoesNotContain(lines, l => l.StartsWith("PrivateDevices=yes", StringComparison.Ordinal) || l.StartsWith("PrivateNetwork=yes", StringComparison.Ordinal));
    }

    private static async Task CopyTreeAsync(string from, string to)
    {
        Directory.CreateDirectory(to);
        var r = await ProcessRunner.RunAsync("cp", ["-a", from + "/.", to], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.Stderr);
    }
}
