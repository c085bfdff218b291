using System.Text;
using WwanProto.ModemSim.HiLink;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// hilink_password never leaves the config: `up` logs in to a locked WebUI with it (password_type 4 sends a hash),
/// and then the password is in no log line, no `status` output, no process's command line (what `ps` shows) and no
/// world-readable file of the state dir (status file, leases, the session's own files).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HiLinkSecretTests
{
    private const string Secret = "Kw9-hilink-S3cret";

    [Fact]
    public async Task The_hilink_password_is_in_no_log_status_command_line_or_world_readable_file()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-hilink-secret-", "hilink",
            new HiLinkWebOptions { LoginRequired = true, Password = Secret });
        var config = Path.Combine(rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{rig.Sim.UsbPath}'\n" +
                                  $"\toption hilink_password '{Secret}'\n\toption hilink_dataswitch '1'\n");
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", config, "--resolv", Path.Combine(rig.Dir, "resolv", "huaweiwwan-wan"));
        try
        {
            await rig.WaitConnectedAsync(up, log);
            // It did log in (the stick refuses the API otherwise), with the hash, not the password.
            Assert.Contains(rig.Sim.HiLink.Log, l => l.StartsWith("POST /api/user/login -> ok", StringComparison.Ordinal));

            var (code, json, err) = await rig.RunAsync(TimeSpan.FromSeconds(20), "status", "--iface", "wan", "--json");
            Assert.True(json.Contains("\"connected\"", StringComparison.Ordinal), $"status --json exit {code}: {json}{err}");
            var (_, text, err2) = await rig.RunAsync(TimeSpan.FromSeconds(20), "status", "--iface", "wan");
            Assert.Contains(rig.Sim.Imei, text, StringComparison.Ordinal);
            foreach (var (what, content) in new[] { ("status --json", json + err), ("status", text + err2) })
                Assert.False(content.Contains(Secret, StringComparison.Ordinal), $"{what} shows the password");

            // ps: every process's command line (the session, its DHCP client, anything it started).
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
                string cmdline;
                try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                Assert.False(cmdline.Contains(Secret, StringComparison.Ordinal), $"{dir}/cmdline holds the password: {cmdline.Replace('\0', ' ')}");
            }

            // Files: a state-dir file may hold the password only when nobody but its owner can read it.
            var files = Directory.EnumerateFiles(rig.StateDir, "*", SearchOption.AllDirectories).ToList();
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var mode = File.GetUnixFileMode(file);
                var othersRead = (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
                if (othersRead)
                    Assert.False(File.ReadAllText(file).Contains(Secret, StringComparison.Ordinal), $"{file} ({mode}) holds the password");
            }
            Assert.Contains(files, f => (File.GetUnixFileMode(f) & UnixFileMode.OtherRead) != 0); // the status file, for `status` as any user
        }
        finally
        {
            if (!up.HasExited) System.Diagnostics.Process.Start("kill", ["-TERM", up.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit(5000);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await up.WaitForExitAsync(bound.Token); }
            catch (OperationCanceledException) { up.Kill(entireProcessTree: true); }
        }
        // The whole log of the run, teardown included.
        Assert.DoesNotContain(Secret, log.ToString(), StringComparison.Ordinal);
    }
}
