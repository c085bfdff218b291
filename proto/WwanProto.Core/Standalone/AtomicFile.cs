using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Core.Standalone;

/// <summary>Write-to-temp, fsync, rename: readers see the old file or the new one, never a torn one.</summary>
internal static class AtomicFile
{
    /// <summary>Deletes a file if it is there; a missing file or directory is not an error.</summary>
    public static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
    }

    public static void Write(string path, string text, int mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.Delete(temp);
        using (var fd = UnixFd.Open(temp, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL, mode))
        {
            fd.WriteAll(Encoding.UTF8.GetBytes(text));
            Libc.Fsync(fd.Value);
        }
        File.Move(temp, path, overwrite: true);
    }
}
