using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using WwanProto.Uci.Native;

namespace WwanProto.Uci;

/// <summary>Opening config and change files the way libuci does (uci_open_stream): flock'ed, created with a chosen mode.</summary>
internal static class UciFileStream
{
    public const int FileMode = 0x180; // 0600, libuci's UCI_FILEMODE
    public const int DirMode = 0x1c0;  // 0700, UCI_DIRMODE

    /// <summary>
    /// Read: the file must exist and be regular (NotFound otherwise), shared lock. Write: read-write,
    /// exclusive lock, positioned at the start or (append) the end. create: O_CREAT with the mode of
    /// the config of the same name in confDir, else 0600.
    /// </summary>
    public static FileStream Open(string path, bool write, bool create, bool append, string confDir)
    {
        int mode = FileMode;
        if (create)
        {
            var twin = confDir + "/" + System.IO.Path.GetFileName(path);
            if (File.Exists(twin))
                mode = (int)UnixModes.Get(twin);
        }
        if (!write && (!File.Exists(path) || Directory.Exists(path)))
            throw new UciException(UciError.NotFound);

        int flags = (write ? UciLibc.O_RDWR : UciLibc.O_RDONLY) | (create ? UciLibc.O_CREAT : 0) | UciLibc.O_CLOEXEC;
        int fd = UciLibc.Open(path, flags, mode);
        if (fd < 0)
            throw new UciException(UciError.Io);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!UciLibc.Lock(fd, write ? UciLibc.LOCK_EX : UciLibc.LOCK_SH))
        {
            handle.Dispose();
            throw new UciException(UciError.Io);
        }
        var fs = new FileStream(handle, write ? FileAccess.ReadWrite : FileAccess.Read, 1);
        fs.Seek(0, append ? SeekOrigin.End : SeekOrigin.Begin);
        return fs;
    }

    /// <summary>A new file that did not exist (O_EXCL), mode 0600 like mkstemp.</summary>
    public static FileStream CreateExclusive(string path)
    {
        int fd = UciLibc.Open(path, UciLibc.O_RDWR | UciLibc.O_CREAT | UciLibc.O_EXCL | UciLibc.O_CLOEXEC, FileMode);
        if (fd < 0)
        {
            if (Marshal.GetLastPInvokeError() == 17)
                throw new IOException("exists");
            throw new UciException(UciError.Io);
        }
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, 1);
    }
}
