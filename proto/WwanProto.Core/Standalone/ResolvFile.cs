namespace WwanProto.Core.Standalone;

/// <summary>
/// The DNS servers of the link, in resolv.conf format, in a file of our own (never /etc/resolv.conf: the
/// user points their resolver at it, e.g. resolvconf, dnsmasq's resolv-file, or a symlink they make).
/// Replaced atomically, so a resolver never reads half a file.
/// </summary>
public static class ResolvFile
{
    public static string DefaultPath(string iface) => $"/tmp/resolv.conf.d/huaweiwwan-{iface}";

    public static void Write(string path, string iface, IEnumerable<string> servers)
    {
        var text = $"# DNS servers of the huaweiwwan link {iface}; written by huaweiwwan up, removed when the link goes down\n"
            + string.Concat(servers.Select(s => $"nameserver {s}\n"));
        AtomicFile.Write(path, text, 0x1A4);
    }

    public static void Remove(string path) => AtomicFile.Delete(path);
}
