using Tmds.DBus.Protocol;

namespace WwanProto.Core.DBus;

/// <summary>
/// Keeps NetworkManager off the modem's netdev while we hold it: the device found by GetDeviceByIpIface gets
/// Managed=false (org.freedesktop.DBus.Properties.Set on org.freedesktop.NetworkManager.Device), and its
/// earlier value back at exit (a device NM already left alone is not touched).
/// </summary>
public sealed class NetworkManagerUnmanage(SystemBus bus, Action<string> log)
{
    public const string Service = "org.freedesktop.NetworkManager";
    private const string Device = "org.freedesktop.NetworkManager.Device", Properties = "org.freedesktop.DBus.Properties";
    private string? _dev, _path;

    public async Task UnmanageAsync(string dev)
    {
        if (_dev == dev) return;
        await RestoreAsync().ConfigureAwait(false);
        _dev = dev;
        // UnknownDevice: NM does not track this netdev, so it has nothing to manage (no warning).
        var path = await bus.TryCallAsync(Service, "/org/freedesktop/NetworkManager", Service, "GetDeviceByIpIface", "s", (ref MessageWriter w) => w.WriteString(dev),
            static (m, _) => m.GetBodyReader().ReadObjectPathAsString(), $"NetworkManager: could not find {dev}", "org.freedesktop.NetworkManager.UnknownDevice").ConfigureAwait(false);
        if (path is null) return;
        var managed = await bus.TryCallAsync(Service, path, Properties, "Get", "ss", (ref MessageWriter w) => { w.WriteString(Device); w.WriteString("Managed"); },
            static (m, _) => m.GetBodyReader().ReadVariantValue().GetBool(), $"NetworkManager: could not read Managed of {dev}").ConfigureAwait(false);
        if (!managed) return;
        if (!await SetManagedAsync(path, false, $"NetworkManager: could not mark {dev} unmanaged; it may interfere with the link").ConfigureAwait(false)) return;
        _path = path;
        log($"NetworkManager: {dev} unmanaged while this link runs");
    }

    public async Task RestoreAsync()
    {
        var (dev, path) = (_dev, _path);
        _dev = _path = null;
        if (path is null) return;
        await SetManagedAsync(path, true, $"NetworkManager: could not give {dev} back (Managed=true on {path})").ConfigureAwait(false);
    }

    private Task<bool> SetManagedAsync(string path, bool managed, string what) =>
        bus.TryCallAsync(Service, path, Properties, "Set", "ssv", (ref MessageWriter w) => { w.WriteString(Device); w.WriteString("Managed"); w.WriteVariantBool(managed); }, what);
}
