namespace WwanProto.Core.DBus;

/// <summary>
/// The build without D-Bus (property WwanDBus=false, the OpenWrt package's: OpenWrt has no system bus, and the
/// library would cost flash): the same surface as <c>HostBusServices.cs</c>, where nothing is on a bus, so DNS
/// goes to resolvconf when installed, else the file, and ModemManager and NetworkManager are not there to be told.
/// </summary>
public sealed class HostBusServices : IAsyncDisposable
{
    private readonly Action<string> _log;

    private HostBusServices(Action<string> log) => _log = log;

    public static Task<HostBusServices> StartAsync(Action<string> log, CancellationToken ct) => Task.FromResult(new HostBusServices(log));

    public IDnsTarget ChooseDns(string iface, string resolvPath, bool defaultRoute) => LocalDns.Choose(iface, resolvPath, _log);

    public Task ModemFoundAsync(string usbSysPath) => Task.CompletedTask;

    public Task NetdevUpAsync(string dev) => Task.CompletedTask;

    public ValueTask DisposeAsync() => default;
}
