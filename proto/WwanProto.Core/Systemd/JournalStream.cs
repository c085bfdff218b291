namespace WwanProto.Core.Systemd;

/// <summary>
/// Whether stderr is connected to the journal: systemd sets $JOURNAL_STREAM to "DEVICE:INODE" of the stream
/// socket it gave the service. A child that inherited the variable but had stderr redirected elsewhere must
/// not write priority prefixes, so the inode is compared with stderr's own.
/// </summary>
public static class JournalStream
{
    /// <summary>
    /// Compares the inode only, read from /proc/self/fd/2 ("socket:[INODE]"): all sockets live on the one
    /// sockfs, so the inode alone names the socket, and no architecture-dependent struct stat is needed.
    /// </summary>
    public static bool IsStderr()
    {
        var value = Environment.GetEnvironmentVariable("JOURNAL_STREAM");
        var colon = value?.IndexOf(':') ?? -1;
        if (value is null || colon < 0) return false;
        string? target;
        try { target = new FileInfo("/proc/self/fd/2").LinkTarget; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
        return target == $"socket:[{value[(colon + 1)..]}]";
    }
}
