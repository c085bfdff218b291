using System.Diagnostics;
using System.Text;
using Xunit;

namespace WwanProto.Tests.Uci;

/// <summary>A commit that dies or runs out of space half-way leaves the original config file intact.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class UciCommitAtomicityTests
{
    private static string BigConfig(int sections)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < sections; i++)
        {
            sb.Append("\nconfig interface 'if").Append(i).Append("'\n");
            sb.Append("\toption proto 'huaweiwwan'\n\toption apn 'internet.provider.example'\n\toption device '/sys/bus/usb/devices/1-1.").Append(i % 9).Append("'\n");
            sb.Append("\tlist dns '8.8.8.8'\n\tlist dns '1.1.1.1'\n");
        }
        sb.Append('\n');
        return sb.ToString();
    }

    private static int Sh(string cmd)
    {
        using var p = Process.Start(new ProcessStartInfo("sh", ["-c", cmd]) { UseShellExecute = false, RedirectStandardError = true })!;
        p.StandardError.ReadToEnd();
        if (!p.WaitForExit(30_000))
        {
            p.Kill();
            return -1;
        }
        return p.ExitCode;
    }

    [Fact]
    public void Full_filesystem_during_commit_keeps_original_and_changes()
    {
        var work = UciTestPaths.TempDir("tmpfs");
        var mnt = Path.Combine(work, "mnt");
        Directory.CreateDirectory(mnt);
        Assert.True(Sh($"mount -t tmpfs -o size=64k tmpfs '{mnt}'") == 0, "mounting a 64k tmpfs needs root");
        try
        {
            var conf = Path.Combine(mnt, "conf");
            var save = Path.Combine(work, "t");
            Directory.CreateDirectory(conf);
            var original = BigConfig(220);
            Assert.InRange(original.Length, 34_000, 60_000);
            var path = Path.Combine(conf, "network");
            File.WriteAllText(path, original);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

            Assert.Equal(0, UciRun.Run(conf, save, null, "set", "network.if3.apn=changed").Exit);
            var (rc, output) = UciRun.Run(conf, save, null, "commit", "network");

            Assert.Equal((1, "uci: I/O error\n"), (rc, output));
            Assert.Equal(original, File.ReadAllText(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
            Assert.Equal(["network"], Directory.GetFiles(conf).Select(Path.GetFileName));
            // The change is not lost: it is still pending and shows up as before.
            Assert.Equal((0, "network.if3.apn='changed'\n"), UciRun.Run(conf, save, null, "changes", "network"));
        }
        finally
        {
            if (Sh($"umount '{mnt}'") != 0)
                Sh($"umount -l '{mnt}'");
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void Killed_committer_leaves_either_the_old_or_the_new_file()
    {
        var work = UciTestPaths.TempDir("kill");
        try
        {
            var conf = Path.Combine(work, "c");
            var save = Path.Combine(work, "t");
            Directory.CreateDirectory(conf);
            var original = BigConfig(4_000);
            var path = Path.Combine(conf, "network");
            File.WriteAllText(path, original);
            Assert.Equal(0, UciRun.Run(conf, save, null, "set", "network.if7.apn=changed").Exit);
            var expectedNew = original.Replace("'if7'\n\toption proto 'huaweiwwan'\n\toption apn 'internet.provider.example'",
                "'if7'\n\toption proto 'huaweiwwan'\n\toption apn 'changed'");

            using var watcher = new FileSystemWatcher(conf) { Filter = ".network.uci-*" };
            using var created = new ManualResetEventSlim();
            watcher.Created += (_, _) => created.Set();
            watcher.EnableRaisingEvents = true;

            var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "huaweiwwan.dll"), "uci", "-c", conf, "-t", save, "commit", "network" })
                psi.ArgumentList.Add(a);
            using var proc = Process.Start(psi)!;
            // Kill as soon as the temp file appears, i.e. while the new content is being written.
            bool sawTemp = created.Wait(TimeSpan.FromSeconds(60));
            try
            {
                proc.Kill();
            }
            catch (InvalidOperationException)
            {
            }
            Assert.True(proc.WaitForExit(30_000));

            var now = File.ReadAllText(path);
            Assert.True(now == original || now == expectedNew,
                $"config is neither old nor new (length {now.Length}, old {original.Length}, new {expectedNew.Length}; temp seen: {sawTemp})");
            if (now == original)
                Assert.Equal((0, "network.if7.apn='changed'\n"), UciRun.Run(conf, save, null, "changes", "network"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
