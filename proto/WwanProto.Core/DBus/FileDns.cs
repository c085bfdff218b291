using WwanProto.Core.Standalone;

namespace WwanProto.Core.DBus;

/// <summary>The link's DNS servers in a resolv.conf-format file of our own (the default without resolved or resolvconf).</summary>
public sealed class FileDns(string path, string iface) : IDnsTarget
{
    public string Description => $"file {path}";

    public string Path => path;

    public Task ApplyAsync(string dev, IReadOnlyList<string> servers, CancellationToken ct)
    {
        ResolvFile.Write(path, iface, servers);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(CancellationToken ct)
    {
        ResolvFile.Remove(path);
        return Task.CompletedTask;
    }
}
