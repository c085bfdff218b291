namespace WwanProto.Core.DBus;

/// <summary>Where DNS servers go when systemd-resolved is not on the bus: resolvconf when installed, else our own file.</summary>
public static class LocalDns
{
    public static IDnsTarget Choose(string iface, string resolvPath, Action<string> log) =>
        ResolvconfDns.Find() is { } resolvconf ? new ResolvconfDns(resolvconf, iface, log) : new FileDns(resolvPath, iface);
}
