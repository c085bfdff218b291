using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Session;
using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>
/// Issue 11 #12: the state directory is 0700 whoever creates it first (PPP credentials, pid file, rejected-PIN
/// memory), with a umask of 000 and when a 0755 directory is already there.
/// </summary>
[Collection(UmaskCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StateDirectoryTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _root = Directory.CreateTempSubdirectory("statedir-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    public static TheoryData<string> Writers() => ["ppp", "pidfile", "rejected-pin"];

    private static void Write(string writer, string stateDir)
    {
        var paths = SystemPaths.Default with { StateDir = stateDir };
        switch (writer)
        {
            case "ppp":
                var (options, _) = OptionParser.Parse(new Dictionary<string, RawValue> { ["username"] = RawValue.Of("bob"), ["password"] = RawValue.Of("s3cret") });
                PppCommand.Build(options!, "wan", "/dev/ttyUSB0", paths, PppFlavor.Netifd, "/usr/sbin/huaweiwwan");
                break;
            case "pidfile":
                PidFile.Acquire(PidFile.PathFor(paths, "wan")).Dispose();
                break;
            default:
                new RejectedPinStore(stateDir).Remember("89490200001234567890", "1234");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public void Created_0700_under_umask_000(string writer)
    {
        var dir = Path.Combine(_root, "new");
        var old = Umask.Set(0);
        try { Write(writer, dir); }
        finally { Umask.Set(old); }
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(dir));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public void An_existing_0755_directory_is_made_0700(string writer)
    {
        var dir = Path.Combine(_root, "old");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Write(writer, dir);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(dir));
    }
}

/// <summary>umask is per process: tests that change it run alone, never beside tests creating files.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UmaskCollection
{
    public const string Name = "umask";
}

internal static partial class Umask
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Native(uint mask);

    /// <summary>Sets the process umask; returns the previous one.</summary>
    public static uint Set(uint mask) => Native(mask);
}
