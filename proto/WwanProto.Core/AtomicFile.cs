using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Core;

/// <summary>Write-to-temp, fsync, rename: readers see the old file or the new one, never a torn one.</summary>
internal static class AtomicFile
{
    /// <summary>Deletes a file if it is there; a missing file or directory is not an error.</summary>
    public static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
    }

    public static void Write(string path, string text, int mode) => Write(path, Encoding.UTF8.GetBytes(text), mode);

    public static void Write(string path, ReadOnlySpan<byte> bytes, int mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.Delete(temp);
        try
        {
            using (var fd = UnixFd.Open(temp, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL, mode))
            {
                fd.WriteAll(bytes);
                Libc.Fsync(fd.Value);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            Delete(temp); // a full disk leaves a truncated temp file; nothing of a failed write stays
            throw;
        }
    }

    /// <summary>
    /// A file in the state directory, which is created root-only (0700) first: the files in it name ports
    /// and interfaces, and some siblings hold secrets.
    /// </summary>
    public static void WriteState(SystemPaths paths, string path, ReadOnlySpan<byte> bytes, int mode)
    {
        StateDirectory.Ensure(paths.StateDir);
        Write(path, bytes, mode);
    }
}
