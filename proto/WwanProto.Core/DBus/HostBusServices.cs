namespace WwanProto.Core.DBus;

/// <summary>
/// What `up` tells the system's services on the D-Bus system bus, each only when it is running there:
/// systemd-resolved takes the DNS servers (else resolvconf when installed, else our file), ModemManager is
/// kept off the modem, NetworkManager off its netdev. Without a system bus none of it exists and nothing
/// connects. Everything is given back at <see cref="DisposeAsync"/>. (Builds without D-Bus, the OpenWrt
/// package's, have <c>HostBusServicesWithoutDBus.cs</c> instead of this file.)
/// </summary>
public sealed class HostBusServices : IAsyncDisposable
{
    private readonly SystemBus? _bus;
    private readonly bool _resolved;
    private readonly ModemManagerInhibit? _modemManager;
    private readonly NetworkManagerUnmanage? _networkManager;
    private readonly Action<string> _log;

    private HostBusServices(SystemBus? bus, bool resolved, bool modemManager, bool networkManager, Action<string> log)
    {
        _bus = bus;
        _resolved = resolved;
        _log = log;
        if (bus is null) return;
        if (modemManager) _modemManager = new ModemManagerInhibit(bus, log);
        if (networkManager) _networkManager = new NetworkManagerUnmanage(bus, log);
    }

    public static async Task<HostBusServices> StartAsync(Action<string> log, CancellationToken ct)
    {
        var bus = await SystemBus.TryConnectAsync(log, ct).ConfigureAwait(false);
        if (bus is null) return new HostBusServices(null, false, false, false, log);
        var resolved = await bus.HasOwnerAsync(ResolvedDns.Service).ConfigureAwait(false);
        var modemManager = await bus.HasOwnerAsync(ModemManagerInhibit.Service).ConfigureAwait(false);
        var networkManager = await bus.HasOwnerAsync(NetworkManagerUnmanage.Service).ConfigureAwait(false);
        return new HostBusServices(bus, resolved, modemManager, networkManager, log);
    }

    /// <summary>systemd-resolved when it runs, else resolvconf when installed, else the file at <paramref name="resolvPath"/>.</summary>
    public IDnsTarget ChooseDns(string iface, string resolvPath, bool defaultRoute) =>
        _bus is not null && _resolved ? new ResolvedDns(_bus, defaultRoute, _log) : LocalDns.Choose(iface, resolvPath, _log);

    /// <summary>The session found its modem (USB device directory in sysfs), before it opens any port.</summary>
    public Task ModemFoundAsync(string usbSysPath) => _modemManager?.InhibitAsync(usbSysPath) ?? Task.CompletedTask;

    /// <summary>The link's netdev is about to be configured.</summary>
    public Task NetdevUpAsync(string dev) => _networkManager?.UnmanageAsync(dev) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_modemManager is not null) await _modemManager.ReleaseAsync().ConfigureAwait(false);
        if (_networkManager is not null) await _networkManager.RestoreAsync().ConfigureAwait(false);
        _bus?.Dispose();
    }
}
