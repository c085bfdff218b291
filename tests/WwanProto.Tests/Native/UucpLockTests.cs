using WwanProto.Core.Native;
using Xunit;

namespace WwanProto.Tests.Native;

public sealed class UucpLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wwan-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LockFile => Path.Combine(_dir, "LCK..ttyUSB0");

    [Fact]
    public void Lock_file_is_named_and_filled_the_uucp_way()
    {
        using (var l = UucpLock.Acquire("/dev/ttyUSB0", _dir))
        {
            Assert.Equal(LockFile, l.LockPath);
            Assert.Equal($"{Environment.ProcessId,10}\n", File.ReadAllText(LockFile));
            Assert.Equal(11, File.ReadAllBytes(LockFile).Length);
        }
        Assert.False(File.Exists(LockFile));
    }

    [Theory]
    [InlineData("/dev/ttyUSB0", "LCK..ttyUSB0")]
    [InlineData("/dev/pts/3", "LCK..pts_3")]
    [InlineData("/tmp/sim/root/dev/ttyUSB2", "LCK..ttyUSB2")]
    [InlineData("ttyACM0", "LCK..ttyACM0")]
    public void Lock_names_match_pppd(string device, string name) => Assert.Equal(name, UucpLock.FileName(device));

    [Fact]
    public void Lock_of_a_live_process_is_reported_busy_with_its_pid_and_not_stolen()
    {
        using var sleeper = System.Diagnostics.Process.Start("sleep", "30");
        try
        {
            File.WriteAllText(LockFile, UucpLock.Content(sleeper.Id));
            var e = Assert.Throws<PortBusyException>(() => UucpLock.Acquire("/dev/ttyUSB0", _dir));
            Assert.Equal(sleeper.Id, e.Pid);
            Assert.Contains(sleeper.Id.ToString(), e.Message);
            Assert.Equal(sleeper.Id, UucpLock.Holder("/dev/ttyUSB0", _dir));
            Assert.Equal(UucpLock.Content(sleeper.Id), File.ReadAllText(LockFile));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void Lock_of_a_dead_process_is_stale_and_removed()
    {
        using var done = System.Diagnostics.Process.Start("true")!;
        done.WaitForExit();
        File.WriteAllText(LockFile, UucpLock.Content(done.Id));
        Assert.Null(UucpLock.Holder("/dev/ttyUSB0", _dir));
        using var l = UucpLock.Acquire("/dev/ttyUSB0", _dir);
        Assert.Equal(UucpLock.Content(Environment.ProcessId), File.ReadAllText(LockFile));
    }

    [Theory]
    [InlineData("garbage\n")]
    [InlineData("")]
    [InlineData("-5\n")]
    [InlineData("\u0001\u0002\u0003\u0004")]
    public void Lock_without_a_pid_is_stale_and_removed(string content)
    {
        File.WriteAllText(LockFile, content);
        using var l = UucpLock.Acquire("/dev/ttyUSB0", _dir);
        Assert.Equal(UucpLock.Content(Environment.ProcessId), File.ReadAllText(LockFile));
    }

    [Fact]
    public void Lock_taken_by_someone_else_after_ours_is_not_removed_by_our_dispose()
    {
        var l = UucpLock.Acquire("/dev/ttyUSB0", _dir);
        File.WriteAllText(LockFile, UucpLock.Content(1));
        l.Dispose();
        Assert.True(File.Exists(LockFile));
    }

    [Fact]
    public void Missing_lock_dir_is_an_error_with_errno_and_path()
    {
        var e = Assert.Throws<NativeException>(() => UucpLock.Acquire("/dev/ttyUSB0", Path.Combine(_dir, "missing")));
        Assert.Equal(2, e.Errno);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Opening_a_missing_port_names_the_path_and_errno()
    {
        var e = Assert.Throws<NativeException>(() => SerialPort.Open(Path.Combine(_dir, "ttyUSB9")));
        Assert.Equal(2, e.Errno);
        Assert.Contains("ttyUSB9", e.Message);
    }
}
