using WwanProto.Core.Native;

namespace WwanProto.Core;

/// <summary>
/// The state directory (/var/run/huaweiwwan) holds pid files, the PPP credentials file and the rejected-PIN
/// memory: root-only (0700) whatever the umask, also when an older run or another tool left it wider.
/// </summary>
public static class StateDirectory
{
    private const int OwnerOnly = 0x1C0; // 0700

    public static void Ensure(string dir)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the state directory needs Unix permissions");
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // mkdir's mode is masked by the umask and leaves an existing directory alone: set it explicitly.
        if (Libc.Chmod(dir, OwnerOnly) != 0) throw NativeException.Last("chmod 0700", dir);
    }
}
