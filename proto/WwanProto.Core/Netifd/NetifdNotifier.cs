using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// Sends notify_proto to `network.interface.IFACE` and add_dynamic to `network` over one ubus
/// connection, opened on first use and reopened if ubusd went away (e.g. restarted).
/// </summary>
public sealed class NetifdNotifier(string iface, string? socketPath = null, TimeSpan? timeout = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(5);
    private UbusConnection? _connection;

    public string Interface { get; } = iface;
    public string SocketPath { get; } = UbusSocketPath.Resolve(socketPath);
    public string ObjectPath => $"network.interface.{Interface}";

    /// <summary>The live connection (opened if needed), e.g. to publish our own object on it.</summary>
    public async Task<UbusConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { Closed.IsCompleted: false } c) return c;
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
        _connection = await UbusConnection.ConnectAsync(SocketPath, _timeout, cancellationToken).ConfigureAwait(false);
        return _connection;
    }

    /// <summary>notify_proto; a refusal (PERMISSION_DENIED during teardown, NOT_FOUND ...) throws <see cref="UbusException"/>.</summary>
    public Task NotifyAsync(byte[] message, CancellationToken cancellationToken) =>
        CallAsync(ObjectPath, "notify_proto", message, cancellationToken);

    public Task AddDynamicAsync(DynamicChild child, CancellationToken cancellationToken) =>
        CallAsync("network", "add_dynamic", NotifyMessages.AddDynamic(child), cancellationToken);

    private async Task CallAsync(string path, string method, byte[] args, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            await c.CallAsync(path, method, args, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
        _lock.Dispose();
    }
}
