namespace WwanProto.Core.Native;

/// <summary>A failed system call, carrying errno and the path or device it was about.</summary>
public sealed class NativeException : IOException
{
    public int Errno { get; }
    public string Operation { get; }
    public string? Path { get; }

    public NativeException(string operation, int errno, string? path = null)
        : base(Describe(operation, errno, path))
    {
        Errno = errno;
        Operation = operation;
        Path = path;
    }

    private static string Describe(string operation, int errno, string? path) =>
        path is null
            ? $"{operation} failed: {Libc.StrError(errno)} (errno {errno})"
            : $"{operation} {path} failed: {Libc.StrError(errno)} (errno {errno})";

    /// <summary>Throws for the errno of the call that just failed.</summary>
    public static NativeException Last(string operation, string? path = null) => new(operation, Libc.LastErrno, path);
}
