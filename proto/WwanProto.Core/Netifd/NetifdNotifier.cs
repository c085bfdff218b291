using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// Sends notify_proto to `network.interface.IFACE` and add_dynamic to `network` through one
/// <see cref="UbusClient"/>. Unsupervised (setup) a call makes one connection attempt. Supervised (the
/// session) a call made while ubusd is down waits for the client's next connection, and a call whose
/// connection died under it is sent again on the next one, both within <see cref="UbusClient.ReconnectWithin"/>.
/// Supervised, NOT_FOUND is retried within that bound too: after a ubusd restart netifd reconnects on its own
/// one-second timer (libubus then re-adds its objects), so we can be back on the bus before
/// `network.interface.IFACE` is; for the session's own interface NOT_FOUND means nothing else.
/// </summary>
public sealed class NetifdNotifier : IAsyncDisposable
{
    /// <summary>Sends of one call at most: the first, plus one per connection that died under it.</summary>
    private const int MaxSends = 3;

    private readonly SemaphoreSlim _lock = new(1, 1);

    public NetifdNotifier(string iface, string? socketPath = null, TimeSpan? timeout = null)
        : this(iface, new UbusClient(socketPath, timeout))
    {
    }

    public NetifdNotifier(string iface, UbusClient client)
    {
        Interface = iface;
        Client = client;
    }

    public string Interface { get; }
    public UbusClient Client { get; }
    public string SocketPath => Client.SocketPath;
    public string ObjectPath => $"network.interface.{Interface}";

    /// <summary>The live connection (opened if needed), e.g. to publish our own object on it.</summary>
    public Task<UbusConnection> ConnectionAsync(CancellationToken cancellationToken) => Client.ConnectionAsync(cancellationToken);

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
            var since = System.Diagnostics.Stopwatch.StartNew();
            Session.Backoff? missing = null;
            for (var send = 1; ; )
            {
                var c = await Client.ConnectionAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await c.CallAsync(path, method, args, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (UbusException e) when (e.Status == UbusStatus.NotFound && Client.Supervised && since.Elapsed < Client.ReconnectWithin)
                {
                    missing ??= new Session.Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));
                    await Task.Delay(missing.Next(), cancellationToken).ConfigureAwait(false);
                }
                catch (UbusException e) when (e.Status == UbusStatus.ConnectionFailed && Client.Supervised && send++ < MaxSends)
                {
                    // ubusd went away mid-call; whether netifd got it is unknown. What the session sends is
                    // state (link up/down, error, children; never action 1, which only setup sends, unsupervised),
                    // so it goes again once the connection is back.
                    await Task.WhenAny(c.Closed, Task.Delay(Client.Timeout, cancellationToken)).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }
}
