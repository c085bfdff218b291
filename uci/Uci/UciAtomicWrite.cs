using WwanProto.Uci.Native;

namespace WwanProto.Uci;

/// <summary>Replacing a file so that readers see either the old or the new content, never a mix or a truncation.</summary>
public static class UciAtomicWrite
{
    /// <summary>
    /// Write content to a new temp file next to the real target (symlinks resolved), fsync it, give it
    /// the target's permissions, rename it over the target, fsync the directory. On any failure the temp
    /// file is removed, the target is untouched and UciError.Io is thrown.
    /// </summary>
    public static void Replace(string path, byte[] content, string tempPrefix)
    {
        var target = RealPath(path);
        var dir = System.IO.Path.GetDirectoryName(target) ?? ".";
        string? temp = null;
        try
        {
            FileStream? fs = null;
            for (int attempt = 0; fs is null; attempt++)
            {
                temp = dir + "/" + tempPrefix + RandomSuffix();
                try
                {
                    fs = UciFileStream.CreateExclusive(temp);
                }
                catch (IOException) when (attempt < 100)
                {
                }
            }
            using (fs)
            {
                UciLibc.Lock((int)fs.SafeFileHandle.DangerousGetHandle(), UciLibc.LOCK_EX);
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }
            UnixModes.Set(temp!, UnixModes.Get(target));
            File.Move(temp!, target, overwrite: true);
            temp = null;
            SyncDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UciException(UciError.Io);
        }
        finally
        {
            if (temp is not null)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
    }

    private static string RealPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            var resolved = info.ResolveLinkTarget(returnFinalTarget: true);
            if (resolved is not null)
                return resolved.FullName;
        }
        return full;
    }

    /// <summary>
    /// Not System.Security.Cryptography: its RandomNumberGenerator loads OpenSSL at run time, which the static
    /// musl binary (OpenWrt) can never load and a Debian system without libssl3 does not have: `uci commit`
    /// aborted there ("No usable version of libssl was found"). The suffix needs no secrecy: the exclusive create
    /// above refuses a name that exists and a new suffix is drawn.
    /// </summary>
    private static string RandomSuffix()
    {
        const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> s = stackalloc char[6];
        for (int i = 0; i < s.Length; i++)
            s[i] = chars[Random.Shared.Next(chars.Length)];
        return new string(s);
    }

    /// <summary>Makes the rename itself durable; filesystems that cannot fsync a directory are ignored.</summary>
    private static void SyncDirectory(string dir)
    {
        int fd = UciLibc.Open(dir, UciLibc.O_RDONLY | UciLibc.O_CLOEXEC, 0);
        if (fd < 0)
            return;
        UciLibc.Fsync(fd);
        UciLibc.Close(fd);
    }
}
