using System.Diagnostics;
using WwanProto.Core.Session;

namespace WwanProto.Core.Ubus;

/// <summary>
/// One logical ubus client that outlives ubusd. procd respawns ubusd when it dies; every client then has
/// to connect again and add its objects again (netifd does the same), since the new ubusd knows nothing.
/// Unsupervised (setup's short life) <see cref="ConnectionAsync"/> reuses the open connection or makes one
/// attempt. Supervised (<see cref="KeepConnected"/>, the session) a background loop connects, adds every
/// published object, waits for the connection to end (EOF, ECONNRESET), then connects again with
/// jittered backoff from <see cref="MinBackoff"/> doubling to <see cref="MaxBackoff"/> until disposed;
/// callers wait up to <see cref="ReconnectWithin"/> for the next connection. An outage is logged once
/// when it starts and once when it ends, never per attempt.
/// </summary>
public sealed class UbusClient : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly List<UbusObject> _objects = [];
    private readonly List<Task> _handlers = [];
    private readonly Lock _gate = new();
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private UbusConnection? _connection;
    private TaskCompletionSource<UbusConnection> _ready = NewReady();
    private Task? _supervisor;
    private string? _lastError;

    public UbusClient(string? socketPath = null, TimeSpan? timeout = null, Action<string>? log = null)
    {
        SocketPath = UbusSocketPath.Resolve(socketPath);
        Timeout = timeout ?? TimeSpan.FromSeconds(5);
        _log = log ?? (_ => { });
    }

    public string SocketPath { get; }

    /// <summary>Bound of each connect attempt and each request.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How long a caller waits for the supervisor to get a connection back (procd respawns ubusd within about a second).</summary>
    public TimeSpan ReconnectWithin { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    public bool Supervised => _supervisor is not null;

    /// <summary>Connections made after a lost one (for logs and tests).</summary>
    public int Reconnects { get; private set; }

    /// <summary>
    /// Raised by the supervisor after each connection, once the published objects are on it, off its loop (a
    /// handler may call through this client). The flag says whether an earlier connection was lost (ubusd
    /// restarted) rather than this being the first. The token ends when the client is disposed.
    /// </summary>
    public event Func<bool, CancellationToken, Task>? Connected;

    /// <summary>Starts the supervisor (idempotent): connected from now on until disposed.</summary>
    public void KeepConnected()
    {
        lock (_gate) _supervisor ??= Task.Run(() => SuperviseAsync(_stop.Token));
    }

    /// <summary>
    /// The live connection. Unsupervised: opens one if needed (one attempt). Supervised: waits up to
    /// <see cref="ReconnectWithin"/> for the supervisor's next connection.
    /// </summary>
    public async Task<UbusConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connection) is { Closed.IsCompleted: false } live) return live;
        if (!Supervised) return await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        cts.CancelAfter(ReconnectWithin);
        try
        {
            while (true)
            {
                Task<UbusConnection> ready;
                lock (_gate)
                {
                    // The connection died and the supervisor has not seen it yet: wait for the next one.
                    if (_ready.Task.IsCompletedSuccessfully && _ready.Task.Result.Closed.IsCompleted) _ready = NewReady();
                    ready = _ready.Task;
                }
                var c = await ready.WaitAsync(cts.Token).ConfigureAwait(false);
                if (!c.Closed.IsCompleted) return c;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UbusException(UbusStatus.ConnectionFailed, $"connect {SocketPath}",
                _stop.IsCancellationRequested ? "the ubus client is shut down"
                : $"no connection to ubusd within {ReconnectWithin.TotalSeconds:0.#} s ({Volatile.Read(ref _lastError) ?? "reconnecting"})");
        }
    }

    /// <summary>
    /// Publishes <paramref name="obj"/> now if connected and on every later connection. A refusal is
    /// logged, not thrown: the object is a convenience, the link must not depend on it.
    /// </summary>
    public async Task PublishAsync(UbusObject obj, CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate) _objects.Add(obj);
            if (_connection is { Closed.IsCompleted: false } c) await AddAsync(c, obj, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private static TaskCompletionSource<UbusConnection> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<UbusConnection> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { Closed.IsCompleted: false } live) return live;
            if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
            var c = await UbusConnection.ConnectAsync(SocketPath, Timeout, cancellationToken).ConfigureAwait(false);
            List<UbusObject> objects;
            lock (_gate) objects = [.. _objects];
            foreach (var o in objects) await AddAsync(c, o, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _connection, c);
            return c;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task AddAsync(UbusConnection c, UbusObject obj, CancellationToken cancellationToken)
    {
        try
        {
            await c.AddObjectAsync(obj, cancellationToken).ConfigureAwait(false);
        }
        catch (UbusException e)
        {
            _log($"ubus: object {obj.Name} not published: {e.Message}");
        }
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        var backoff = new Backoff(MinBackoff, MaxBackoff);
        var everConnected = false;
        var outage = new Stopwatch();
        var attempts = 0;
        while (!stop.IsCancellationRequested)
        {
            UbusConnection c;
            try
            {
                attempts++;
                c = await ConnectOnceAsync(stop).ConfigureAwait(false);
            }
            catch (UbusException e)
            {
                Volatile.Write(ref _lastError, e.Message);
                if (!outage.IsRunning)
                {
                    outage.Restart();
                    _log($"ubus: cannot reach ubusd at {SocketPath} ({e.Message}); retrying in the background");
                }
                if (!await DelayAsync(backoff.Next(), stop).ConfigureAwait(false)) break;
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (outage.IsRunning)
            {
                int published;
                lock (_gate) published = _objects.Count;
                _log($"ubus: connected to ubusd {(everConnected ? "again " : "")}after {attempts} attempt(s) in {outage.Elapsed.TotalSeconds:0.0} s"
                    + (published > 0 ? $"; {published} object(s) published again" : ""));
            }
            var wasReconnect = everConnected;
            everConnected = true;
            outage.Reset();
            attempts = 0;
            lock (_gate) _ready.TrySetResult(c);
            if (wasReconnect) Reconnects++;
            RaiseConnected(wasReconnect, stop);

            var up = Stopwatch.StartNew();
            try
            {
                await c.Closed.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            lock (_gate)
                if (_ready.Task.IsCompleted) _ready = NewReady(); // else a caller already replaced it and waits on it
            outage.Restart();
            _log($"ubus: connection to ubusd lost ({c.CloseReason ?? "closed"}); reconnecting");
            // A ubusd that accepts and drops us at once must not make this a busy loop.
            if (up.Elapsed > MaxBackoff) backoff.Reset();
            if (!await DelayAsync(backoff.Next(), stop).ConfigureAwait(false)) break;
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void RaiseConnected(bool afterLoss, CancellationToken stop)
    {
        if (Connected is not { } handlers) return;
        foreach (var d in handlers.GetInvocationList())
        {
            var handler = (Func<bool, CancellationToken, Task>)d;
            var task = Task.Run(async () =>
            {
                try
                {
                    await handler(afterLoss, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    _log($"ubus: after connecting: {e.Message}");
                }
            }, CancellationToken.None);
            lock (_handlers)
            {
                _handlers.RemoveAll(t => t.IsCompleted);
                _handlers.Add(task);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_supervisor is not null)
        {
            try { await _supervisor.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
        Task[] handlers;
        lock (_handlers) handlers = [.. _handlers];
        try { await Task.WhenAll(handlers).WaitAsync(Timeout).ConfigureAwait(false); } catch (TimeoutException) { }
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
    }
}
