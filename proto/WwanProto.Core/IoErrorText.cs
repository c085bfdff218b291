using WwanProto.Core.Native;

namespace WwanProto.Core;

/// <summary>
/// Text for a file error a user reads. The AOT build strips .NET's own messages (UseSystemResourceKeys), so
/// e.Message of a FileNotFoundException is "IO_FileNotFound_FileName, /etc/x": say it ourselves, naming
/// the path and what errno meant.
/// </summary>
public static class IoErrorText
{
    /// <summary>"PATH: No such file or directory"; our own exceptions already name their path and keep their text.</summary>
    public static string Of(Exception e, string path) => e switch
    {
        InputTooLargeException or NativeException => e.Message,
        FileNotFoundException or DirectoryNotFoundException => $"{path}: {Libc.StrError(Libc.ENOENT)}",
        UnauthorizedAccessException => $"{path}: {Libc.StrError(Libc.EACCES)}",
        PathTooLongException => $"{path}: file name too long",
        // On Unix .NET puts the raw errno into HResult of the IOExceptions it makes from a failed call.
        IOException { HResult: > 0 and < 4096 } io => $"{path}: {Libc.StrError(io.HResult)}",
        _ => $"{path}: input/output error ({e.GetType().Name})",
    };

    /// <summary>The same without a known path (the last-resort handler): the path the exception carries, if any.</summary>
    public static string Of(Exception e) => e switch
    {
        InputTooLargeException or NativeException => e.Message,
        FileNotFoundException { FileName: { } file } => Of(e, file),
        _ => Of(e, "file"),
    };
}
