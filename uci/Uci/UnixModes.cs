namespace WwanProto.Uci;

/// <summary>POSIX permission bits of files and directories (uci is Linux-only; the guard satisfies the platform analyzer).</summary>
internal static class UnixModes
{
    public static UnixFileMode Get(string path)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException();
        return File.GetUnixFileMode(path);
    }

    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException();
        File.SetUnixFileMode(path, mode);
    }

    public static void CreateDirectory(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException();
        Directory.CreateDirectory(path, mode);
    }
}
