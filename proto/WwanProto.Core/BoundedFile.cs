using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Core;

/// <summary>
/// Reading a file someone else controls under the router-sized heap (16 MB hard limit): at most a fixed number
/// of bytes, and never blocking (opened O_NONBLOCK: a FIFO put where a file belongs reads as "not a file" instead
/// of hanging). Too much is an <see cref="InputTooLargeException"/> naming the file and the limit.
/// </summary>
public static class BoundedFile
{
    /// <summary>Config files (UCI, wvdial.conf, keyfiles, usb-mode.json, the session file): real ones are a few KB.</summary>
    public const int ConfigLimit = 1 << 20;

    /// <summary>A sysfs attribute is one page; binary ones (descriptors) a few KB.</summary>
    public const int AttributeLimit = 64 << 10;

    public static byte[] ReadAllBytes(string path, int limit)
    {
        using var fd = UnixFd.Open(path, Libc.O_RDONLY | Libc.O_NONBLOCK);
        var buffer = new byte[Math.Min(limit + 1, 64 << 10)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit) throw new InputTooLargeException(path, limit);
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
            }
            var n = fd.Read(buffer.AsSpan(length));
            if (n == 0) break;
            if (n < 0) throw new IOException($"{path}: not a regular file (reading it would block)");
            length += n;
        }
        if (length > limit) throw new InputTooLargeException(path, limit);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>UTF-8 text without a byte-order mark, invalid sequences replaced (as File.ReadAllText does).</summary>
    public static string ReadAllText(string path, int limit)
    {
        var bytes = ReadAllBytes(path, limit);
        var bom = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        return Encoding.UTF8.GetString(bytes.AsSpan(bom));
    }
}

/// <summary>A file larger than huaweiwwan reads into its small heap.</summary>
public sealed class InputTooLargeException(string path, int limit)
    : IOException($"{path}: larger than {FormatLimit(limit)}, the most huaweiwwan reads from such a file")
{
    public string FilePath { get; } = path;
    public int Limit { get; } = limit;

    private static string FormatLimit(int limit) => limit >= 1 << 20 && limit % (1 << 20) == 0 ? $"{limit >> 20} MiB" : $"{limit >> 10} KiB";
}
