using System.Net.Sockets;

namespace WwanProto.Core.Ubus;

/// <summary>
/// A native ubus client (what libubus does for the `ubus` CLI): connects to ubusd's Unix socket, waits
/// for HELLO, sends LOOKUP/INVOKE/ADD_OBJECT/REMOVE_OBJECT with increasing sequence numbers and matches
/// DATA/STATUS answers by sequence number; INVOKEs for our own objects are answered with DATA + STATUS.
/// Every request is bounded by <see cref="Timeout"/>; failures are <see cref="UbusException"/>s naming the
/// operation and the ubus status.
/// </summary>
public sealed class UbusConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<ushort, Pending> _pending = [];
    private readonly Dictionary<uint, UbusObject> _objects = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ushort _seq;
    private Task? _reader;

    public string Path { get; }
    public uint ClientId { get; private set; }
    public TimeSpan Timeout { get; set; }

    /// <summary>Completes when the connection to ubusd ends.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection ended (EOF, ECONNRESET ...); null while open.</summary>
    public string? CloseReason { get; private set; }

    private UbusConnection(Socket socket, string path, TimeSpan timeout)
    {
        _socket = socket;
        Path = path;
        Timeout = timeout;
    }

    /// <summary>Connects and waits for ubusd's HELLO (which carries our client id).</summary>
    public static async Task<UbusConnection> ConnectAsync(string? path = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        path = UbusSocketPath.Resolve(path);
        if (!File.Exists(path)) throw new UbusException(UbusStatus.ConnectionFailed, $"connect {path}", "no ubus socket there (is ubusd running?)");
        var bound = timeout ?? TimeSpan.FromSeconds(5);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(bound);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token).ConfigureAwait(false);
            var hello = await UbusFraming.ReadAsync(socket, cts.Token).ConfigureAwait(false);
            if (hello is null || hello.Type != UbusMessageType.Hello)
                throw new UbusException(UbusStatus.ConnectionFailed, $"connect {path}", hello is null ? "ubusd closed the connection before HELLO" : $"expected HELLO, got {hello.Type}");
            var c = new UbusConnection(socket, path, bound) { ClientId = hello.Peer };
            c._reader = Task.Run(c.ReadLoopAsync);
            return c;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new UbusException(UbusStatus.ConnectionFailed, $"connect {path}", e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new UbusException(UbusStatus.Timeout, $"connect {path}", $"no HELLO from ubusd within {bound.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>LOOKUP of one path (or a pattern ending in '*'): every object ubusd reports; NOT_FOUND throws.</summary>
    public async Task<IReadOnlyList<UbusObjectInfo>> LookupAsync(string path, CancellationToken cancellationToken = default)
    {
        var w = new BlobWriter();
        if (path.Length > 0) w.PutString((int)UbusAttr.ObjPath, path);
        var (_, data) = await RequestAsync(UbusMessageType.Lookup, 0, w, $"ubus lookup {path}", null, cancellationToken).ConfigureAwait(false);
        var list = new List<UbusObjectInfo>();
        foreach (var m in data)
        {
            if (m.UInt32(UbusAttr.ObjId) is not { } id) continue;
            list.Add(new UbusObjectInfo(m.String(UbusAttr.ObjPath) ?? path, id, m.UInt32(UbusAttr.ObjType) ?? 0,
                m.Attr(UbusAttr.Signature)?.Payload ?? ReadOnlyMemory<byte>.Empty));
        }
        return list;
    }

    /// <summary>INVOKE <paramref name="method"/> on object <paramref name="objectId"/> with blobmsg arguments (a table's content).</summary>
    public async Task<UbusReply> InvokeAsync(uint objectId, string method, ReadOnlyMemory<byte> args, CancellationToken cancellationToken = default, string? operation = null)
    {
        var w = new BlobWriter();
        w.PutInt32((int)UbusAttr.ObjId, objectId);
        w.PutString((int)UbusAttr.Method, method);
        w.Put((int)UbusAttr.Data, args.Span);
        var (_, data) = await RequestAsync(UbusMessageType.Invoke, objectId, w, operation ?? $"ubus call {objectId:x8} {method}", null, cancellationToken).ConfigureAwait(false);
        ReadOnlyMemory<byte> payload = ReadOnlyMemory<byte>.Empty;
        foreach (var m in data)
            if (m.Attr(UbusAttr.Data) is { } d) payload = d.Payload;
        return new UbusReply(payload);
    }

    /// <summary>
    /// What `ubus send ID DATA` does (libubus ubus_send_event): INVOKE "send" on ubusd's event object (id 1) with
    /// {"id": ID, "data": {…}}; subscribers of ID get the data.
    /// </summary>
    public async Task SendEventAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var w = new BlobWriter();
        w.String("id", id);
        w.Field(BlobmsgType.Table, "data", data.Span);
        await InvokeAsync(EventObjectId, "send", w.ToArray(), cancellationToken, $"ubus send {id}").ConfigureAwait(false);
    }

    /// <summary>UBUS_SYSTEM_OBJECT_EVENT: ubusd's built-in object that takes "send" and "register".</summary>
    public const uint EventObjectId = 1;

    /// <summary>What `ubus call PATH METHOD ARGS` does: LOOKUP, then INVOKE.</summary>
    public async Task<UbusReply> CallAsync(string path, string method, ReadOnlyMemory<byte> args, CancellationToken cancellationToken = default)
    {
        var operation = $"ubus call {path} {method}";
        var found = await LookupAsync(path, cancellationToken).ConfigureAwait(false);
        foreach (var o in found)
            if (o.Path == path) return await InvokeAsync(o.Id, method, args, cancellationToken, operation).ConfigureAwait(false);
        throw new UbusException(UbusStatus.NotFound, operation, $"no object {path}");
    }

    /// <summary>Publishes <paramref name="obj"/>; afterwards ubusd forwards its INVOKEs to us.</summary>
    public async Task AddObjectAsync(UbusObject obj, CancellationToken cancellationToken = default)
    {
        var w = new BlobWriter();
        w.PutString((int)UbusAttr.ObjPath, obj.Name);
        var sig = w.Open((int)UbusAttr.Signature);
        obj.WriteSignature(w);
        w.Close(sig);
        // Registered from the reader loop as soon as the id arrives, so an INVOKE right behind the reply finds it.
        void OnData(UbusMessage m)
        {
            if (m.UInt32(UbusAttr.ObjId) is not { } id) return;
            obj.Id = id;
            obj.TypeId = m.UInt32(UbusAttr.ObjType) ?? 0;
            lock (_objects) _objects[id] = obj;
        }
        await RequestAsync(UbusMessageType.AddObject, 0, w, $"ubus add object {obj.Name}", OnData, cancellationToken).ConfigureAwait(false);
        if (obj.Id == 0) throw new UbusException(UbusStatus.InvalidCommand, $"ubus add object {obj.Name}", "ubusd returned no object id");
    }

    public async Task RemoveObjectAsync(UbusObject obj, CancellationToken cancellationToken = default)
    {
        var w = new BlobWriter();
        w.PutInt32((int)UbusAttr.ObjId, obj.Id);
        await RequestAsync(UbusMessageType.RemoveObject, 0, w, $"ubus remove object {obj.Name}", null, cancellationToken).ConfigureAwait(false);
        lock (_objects) _objects.Remove(obj.Id);
        obj.Id = 0;
    }

    private async Task<(UbusStatus Status, List<UbusMessage> Data)> RequestAsync(UbusMessageType type, uint peer, BlobWriter attrs,
        string operation, Action<UbusMessage>? onData, CancellationToken cancellationToken)
    {
        var pending = new Pending(onData);
        ushort seq;
        lock (_pending)
        {
            if (_closed.Task.IsCompleted) throw new UbusException(UbusStatus.ConnectionFailed, operation, "the connection to ubusd is closed");
            seq = ++_seq;
            _pending[seq] = pending;
        }
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(Timeout);
            try
            {
                await SendAsync(UbusMessage.Create(type, seq, peer, attrs), cts.Token).ConfigureAwait(false);
                var (status, data) = await pending.Done.Task.WaitAsync(cts.Token).ConfigureAwait(false);
                if (status != UbusStatus.Ok) throw new UbusException(status, operation, FailureDetail(status, data));
                return (status, data);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new UbusException(UbusStatus.Timeout, operation, $"no answer within {Timeout.TotalSeconds:0.#} s");
            }
            catch (SocketException e)
            {
                throw new UbusException(UbusStatus.ConnectionFailed, operation, e.Message);
            }
        }
        finally
        {
            lock (_pending) _pending.Remove(seq);
        }
    }

    /// <summary>The status text, plus the "error" string a failing method may have sent as DATA.</summary>
    private static string FailureDetail(UbusStatus status, List<UbusMessage> data)
    {
        foreach (var m in data)
        {
            if (m.Attr(UbusAttr.Data) is not { } d) continue;
            foreach (var a in BlobAttr.Parse(d.Payload))
                if (a.Name == "error" && a.Type == BlobmsgType.String) return $"{UbusStatusNames.Describe(status)}: {a.GetString()}";
        }
        return UbusStatusNames.Describe(status);
    }

    private async Task SendAsync(UbusMessage message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await UbusFraming.WriteAsync(_socket, message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        string reason = "ubusd closed the connection";
        try
        {
            while (await UbusFraming.ReadAsync(_socket, _stop.Token).ConfigureAwait(false) is { } m)
            {
                switch (m.Type)
                {
                    case UbusMessageType.Data:
                    case UbusMessageType.Status:
                        Pending? p;
                        lock (_pending) _pending.TryGetValue(m.Seq, out p);
                        if (p is null) break;
                        if (m.Type == UbusMessageType.Data)
                        {
                            p.Data.Add(m);
                            p.OnData?.Invoke(m);
                        }
                        else p.Done.TrySetResult(((UbusStatus)(m.UInt32(UbusAttr.Status) ?? (uint)UbusStatus.InvalidCommand), p.Data));
                        break;
                    case UbusMessageType.Invoke:
                        _ = AnswerInvokeAsync(m);
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = "connection closed";
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException or ObjectDisposedException)
        {
            reason = e.Message;
        }
        finally
        {
            lock (_pending)
            {
                CloseReason = reason;
                _closed.TrySetResult();
                foreach (var p in _pending.Values)
                    p.Done.TrySetException(new UbusException(UbusStatus.ConnectionFailed, "ubus", reason));
            }
        }
    }

    private async Task AnswerInvokeAsync(UbusMessage m)
    {
        var objectId = m.UInt32(UbusAttr.ObjId) ?? 0;
        var method = m.String(UbusAttr.Method) ?? "";
        var noReply = m.Attr(UbusAttr.NoReply) is { } nr && nr.Payload.Length > 0 && nr.Payload.Span[0] != 0;
        UbusObject? obj;
        lock (_objects) _objects.TryGetValue(objectId, out obj);
        UbusResult result;
        if (obj is null) result = UbusResult.Fail(UbusStatus.NotFound);
        else if (obj.Find(method) is not { } handler) result = UbusResult.Fail(UbusStatus.MethodNotFound);
        else
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                cts.CancelAfter(Timeout);
                result = await handler.Handler(new UbusRequest(method, m.Attr(UbusAttr.Data)?.Payload ?? ReadOnlyMemory<byte>.Empty, m.Peer), cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                result = UbusResult.Fail(UbusStatus.Timeout);
            }
            catch (Exception)
            {
                result = UbusResult.Fail(UbusStatus.UnknownError);
            }
        }
        if (noReply) return;
        try
        {
            // DATA may precede a failure STATUS too (the CLI prints it, then "Command failed"): it carries the reason.
            if (result.Data is { } data)
            {
                var d = new BlobWriter();
                d.PutInt32((int)UbusAttr.ObjId, objectId);
                d.Put((int)UbusAttr.Data, data);
                await SendAsync(UbusMessage.Create(UbusMessageType.Data, m.Seq, m.Peer, d), _stop.Token).ConfigureAwait(false);
            }
            var s = new BlobWriter();
            s.PutInt32((int)UbusAttr.Status, (uint)result.Status);
            s.PutInt32((int)UbusAttr.ObjId, objectId);
            await SendAsync(UbusMessage.Create(UbusMessageType.Status, m.Seq, m.Peer, s), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is going away; the reader loop reports that.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
        if (_reader is not null)
        {
            try { await _reader.ConfigureAwait(false); } catch (Exception) { }
        }
        _socket.Dispose();
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private sealed class Pending(Action<UbusMessage>? onData)
    {
        public readonly List<UbusMessage> Data = [];
        public readonly Action<UbusMessage>? OnData = onData;
        public readonly TaskCompletionSource<(UbusStatus, List<UbusMessage>)> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
