using System.Net.Sockets;
using System.Text.Json;
using WwanProto.Core.Ubus;

namespace WwanProto.Tests.Ubus;

/// <summary>One notify_proto or add_dynamic call as the double received it.</summary>
public sealed record RecordedCall(string Object, string Method, string Json, UbusStatus Answer)
{
    public JsonElement Root => JsonDocument.Parse(Json).RootElement;
    public int? Action => Root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : null;
    public override string ToString() => $"{Object} {Method} {Json} -> {UbusStatusNames.Name(Answer)}";
}

/// <summary>
/// An in-process ubusd + the parts of netifd a proto handler talks to, on a real Unix socket, speaking the
/// wire format of reference/ubus-vectors: HELLO on accept, LOOKUP answered with DATA (path, id, type,
/// signature) + STATUS, INVOKE of built-in objects answered with DATA + STATUS (OBJID), ADD_OBJECT /
/// REMOVE_OBJECT for clients, INVOKE of client objects forwarded to their owner (peer = caller) and the
/// owner's DATA/STATUS relayed back (peer = object id), as ubusd does.
/// netifd's side: `network.interface.IFACE` records every notify_proto and answers PERMISSION_DENIED to the
/// actions netifd refuses while the interface is tearing down (updates, run command, host dependency, setup_failed); `network` records add_dynamic. The double is stricter than netifd in one
/// way: a known notify field with the wrong blobmsg type is INVALID_ARGUMENT (netifd would silently ignore
/// it), so type mistakes fail tests instead of being lost.
/// </summary>
public sealed class UbusdDouble : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string? _ownedDir;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<uint, DoubleObject> _objects = [];
    private readonly Dictionary<uint, Client> _clients = [];
    private readonly List<RecordedCall> _calls = [];
    private readonly HashSet<string> _tearingDown = [];
    private readonly Dictionary<string, string> _interfaceStatus = [];
    private readonly Task _acceptLoop;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private uint _nextId = 0x3e0d25f0;

    public string SocketPath { get; }

    public UbusdDouble() : this(null)
    {
    }

    /// <summary>
    /// On <paramref name="socketPath"/> when given: a "restarted ubusd" after the previous double there was
    /// disposed (like ubusd, it unlinks a stale socket file before binding; the file stays the caller's).
    /// <paramref name="interfaces"/> are served (<see cref="AddInterface"/>) before the first client connects.
    /// </summary>
    public UbusdDouble(string? socketPath, params string[] interfaces)
    {
        if (socketPath is null)
        {
            _ownedDir = Directory.CreateTempSubdirectory("ubusd-double-").FullName;
            socketPath = Path.Combine(_ownedDir, "ubus.sock");
        }
        else File.Delete(socketPath);
        SocketPath = socketPath;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        AddBuiltin("network", NetworkSignature, HandleNetwork);
        foreach (var iface in interfaces) AddInterface(iface);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Every recorded notify_proto / add_dynamic, in arrival order.</summary>
    public IReadOnlyList<RecordedCall> Calls
    {
        get { lock (_calls) return _calls.ToList(); }
    }

    /// <summary>Events sent with `ubus send` (Method is the event's id, Json its data).</summary>
    public IReadOnlyList<RecordedCall> Events(string id) => Calls.Where(c => c.Object == "event" && c.Method == id).ToList();

    public IReadOnlyList<RecordedCall> Notifications(string iface) =>
        Calls.Where(c => c.Object == $"network.interface.{iface}" && c.Method == "notify_proto").ToList();

    /// <summary>Serves `network.interface.IFACE` (methods and signature as the real netifd publishes them).</summary>
    public void AddInterface(string iface) => AddBuiltin($"network.interface.{iface}", InterfaceSignature, HandleInterface);

    /// <summary>
    /// What `network.interface.IFACE status` answers (netifd's JSON, e.g. reference/ubus-vectors/status.txt),
    /// and the interface's entry in `network.interface dump` (there with "interface": IFACE added, as netifd
    /// does). Serves the interface, and `network.interface`, if not yet served.
    /// </summary>
    public void SetInterfaceStatus(string iface, string statusJson)
    {
        lock (_interfaceStatus) _interfaceStatus[iface] = statusJson;
        if (ObjectId($"network.interface.{iface}") == 0) AddInterface(iface);
        if (ObjectId("network.interface") == 0) AddBuiltin("network.interface", InterfaceSignature, HandleInterfaceDump);
    }

    /// <summary>While set, notify_proto for the interface is refused (PERMISSION_DENIED), as netifd does in teardown.</summary>
    public void SetTearingDown(string iface, bool tearingDown)
    {
        lock (_tearingDown)
            if (tearingDown) _tearingDown.Add(iface); else _tearingDown.Remove(iface);
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the recorded calls; throws TimeoutException with what was seen.</summary>
    public async Task<IReadOnlyList<RecordedCall>> WaitForAsync(Func<IReadOnlyList<RecordedCall>, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_calls) changed = _changed.Task;
            var calls = Calls;
            if (condition(calls)) return calls;
            try { await changed.WaitAsync(cts.Token); }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"condition not met within {timeout}; calls seen:\n{string.Join("\n", calls)}");
            }
        }
    }

    /// <summary>Finds a client-registered object's id by path (0 when absent).</summary>
    public uint ObjectId(string path)
    {
        lock (_objects) return _objects.Values.FirstOrDefault(o => o.Path == path)?.Id ?? 0;
    }

    private void AddBuiltin(string path, byte[] signature, Func<string, string, BlobAttr?, (UbusStatus, byte[]?)> handler)
    {
        lock (_objects)
        {
            var id = ++_nextId;
            _objects[id] = new DoubleObject(id, path, ++_nextId, signature, null, handler);
        }
    }

    private (UbusStatus, byte[]?) HandleInterface(string path, string method, BlobAttr? data)
    {
        var iface = path["network.interface.".Length..];
        if (method == "status")
        {
            string? statusJson;
            lock (_interfaceStatus) _interfaceStatus.TryGetValue(iface, out statusJson);
            return (UbusStatus.Ok, statusJson is null ? null : BlobmsgJson.FromJson(statusJson));
        }
        if (method != "notify_proto") return (method is "up" or "down" or "renew" ? UbusStatus.Ok : UbusStatus.MethodNotFound, null);
        var json = data is { } d ? BlobmsgJson.ToJson(d.Payload) : "{}";
        var status = CheckNotify(data);
        // proto-shell.c refuses updates (0), run command (1), host dependencies (6) and setup_failed (7) during
        // teardown; kill (2), errors (3), block restart (4) and availability (5) are taken (ppp.sh reports pppd's exit then).
        if (status == UbusStatus.Ok && new RecordedCall(path, method, json, status).Action is 0 or 1 or 6 or 7)
            lock (_tearingDown) if (_tearingDown.Contains(iface)) status = UbusStatus.PermissionDenied;
        Record(new RecordedCall(path, method, json, status));
        return (status, null);
    }

    /// <summary>`network.interface dump`: {"interface":[{"interface":IFACE, ...its status}, ...]}.</summary>
    private (UbusStatus, byte[]?) HandleInterfaceDump(string path, string method, BlobAttr? data)
    {
        if (method != "dump") return (UbusStatus.MethodNotFound, null);
        List<KeyValuePair<string, string>> all;
        lock (_interfaceStatus) all = _interfaceStatus.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var w = new BlobWriter();
        var list = w.OpenArray("interface");
        foreach (var (iface, json) in all)
        {
            var t = w.OpenTable(null);
            w.String("interface", iface);
            w.Append(BlobmsgJson.FromJson(json));
            w.Close(t);
        }
        w.Close(list);
        return (UbusStatus.Ok, w.ToArray());
    }

    private (UbusStatus, byte[]?) HandleNetwork(string path, string method, BlobAttr? data)
    {
        if (method != "add_dynamic") return (UbusStatus.MethodNotFound, null);
        var json = data is { } d ? BlobmsgJson.ToJson(d.Payload) : "{}";
        var hasName = data is { } dd && dd.Children().Any(a => a.Name == "name" && a.Type == BlobmsgType.String);
        var status = hasName ? UbusStatus.Ok : UbusStatus.InvalidArgument;
        Record(new RecordedCall(path, method, json, status));
        return (status, null);
    }

    /// <summary>netifd's notify_attr policy types (proto-ext.c); a mismatch is a handler bug.</summary>
    private static UbusStatus CheckNotify(BlobAttr? data)
    {
        if (data is not { } d) return UbusStatus.InvalidArgument;
        var attrs = d.Children();
        if (!attrs.Any(a => a.Name == "action" && a.Type == BlobmsgType.Int32)) return UbusStatus.InvalidArgument;
        foreach (var a in attrs)
        {
            BlobmsgType? expected = a.Name switch
            {
                "action" or "signal" => BlobmsgType.Int32,
                "link-up" or "keep" or "available" or "address-external" => BlobmsgType.Int8,
                "ifname" or "interface" or "host" => BlobmsgType.String,
                "command" or "env" or "error" or "ipaddr" or "ip6addr" or "routes" or "routes6" or "dns" or "dns_search" or "ip6prefix" => BlobmsgType.Array,
                "data" or "tunnel" => BlobmsgType.Table,
                _ => null,
            };
            if (expected is { } t && a.Type != t) return UbusStatus.InvalidArgument;
        }
        return UbusStatus.Ok;
    }

    private void Record(RecordedCall call)
    {
        lock (_calls)
        {
            _calls.Add(call);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket s;
            try { s = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception) { return; }
            uint id;
            lock (_objects) id = ++_nextId;
            var client = new Client(id, s);
            lock (_clients) _clients[id] = client;
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Client c)
    {
        try
        {
            await c.SendAsync(new UbusMessage(UbusMessageType.Hello, 0, c.Id, ReadOnlyMemory<byte>.Empty), _stop.Token);
            while (await UbusFraming.ReadAsync(c.Socket, _stop.Token) is { } m)
                await HandleAsync(c, m);
        }
        catch (Exception) { }
        finally
        {
            lock (_clients) _clients.Remove(c.Id);
            lock (_objects)
                foreach (var o in _objects.Values.Where(o => o.Owner == c).ToList()) _objects.Remove(o.Id);
            c.Socket.Dispose();
        }
    }

    private async Task HandleAsync(Client c, UbusMessage m)
    {
        switch (m.Type)
        {
            case UbusMessageType.Lookup:
            {
                var path = m.String(UbusAttr.ObjPath);
                List<DoubleObject> found;
                lock (_objects)
                    found = _objects.Values.Where(o => path is null || o.Path == path
                        || (path.EndsWith('*') && o.Path.StartsWith(path[..^1], StringComparison.Ordinal))).OrderBy(o => o.Id).ToList();
                foreach (var o in found)
                {
                    var w = new BlobWriter();
                    w.PutString((int)UbusAttr.ObjPath, o.Path);
                    w.PutInt32((int)UbusAttr.ObjId, o.Id);
                    w.PutInt32((int)UbusAttr.ObjType, o.TypeId);
                    w.Put((int)UbusAttr.Signature, o.Signature);
                    await c.SendAsync(UbusMessage.Create(UbusMessageType.Data, m.Seq, m.Peer, w), _stop.Token);
                }
                await SendStatusAsync(c, m, found.Count > 0 ? UbusStatus.Ok : UbusStatus.NotFound, null);
                break;
            }
            case UbusMessageType.Invoke when m.UInt32(UbusAttr.ObjId) == UbusConnection.EventObjectId:
            {
                // ubusd's event object: `ubus send ID DATA` arrives as INVOKE "send" {id, data}; recorded as ("event", ID, data).
                string? eventId = null, json = null;
                foreach (var a in m.Attr(UbusAttr.Data)?.Children() ?? [])
                {
                    if (a.Name == "id" && a.Type == BlobmsgType.String) eventId = a.GetString();
                    if (a.Name == "data" && a.Type == BlobmsgType.Table) json = BlobmsgJson.ToJson(a.Data);
                }
                var ok = m.String(UbusAttr.Method) == "send" && eventId is not null && json is not null;
                if (ok) Record(new RecordedCall("event", eventId!, json!, UbusStatus.Ok));
                await SendStatusAsync(c, m, ok ? UbusStatus.Ok : UbusStatus.InvalidArgument, UbusConnection.EventObjectId);
                break;
            }
            case UbusMessageType.Invoke:
            {
                var id = m.UInt32(UbusAttr.ObjId) ?? 0;
                DoubleObject? o;
                lock (_objects) _objects.TryGetValue(id, out o);
                if (o is null || m.String(UbusAttr.Method) is not { } method)
                {
                    await SendStatusAsync(c, m, o is null ? UbusStatus.NotFound : UbusStatus.InvalidArgument, null);
                    break;
                }
                if (o.Owner is { } owner)
                {
                    var w = new BlobWriter();
                    w.PutInt32((int)UbusAttr.ObjId, o.Id);
                    w.PutString((int)UbusAttr.Method, method);
                    w.PutString((int)UbusAttr.User, "root");
                    w.PutString((int)UbusAttr.Group, "root");
                    if (m.Attr(UbusAttr.Data) is { } args) w.Put((int)UbusAttr.Data, args.Payload.Span);
                    await owner.SendAsync(UbusMessage.Create(UbusMessageType.Invoke, m.Seq, c.Id, w), _stop.Token);
                    break;
                }
                var (status, data) = o.Handler!(o.Path, method, m.Attr(UbusAttr.Data));
                if (data is not null)
                {
                    var w = new BlobWriter();
                    w.PutInt32((int)UbusAttr.ObjId, o.Id);
                    w.Put((int)UbusAttr.Data, data);
                    await c.SendAsync(UbusMessage.Create(UbusMessageType.Data, m.Seq, m.Peer, w), _stop.Token);
                }
                await SendStatusAsync(c, m, status, o.Id);
                break;
            }
            case UbusMessageType.Data:
            case UbusMessageType.Status:
            {
                // An object owner's answer: relay to the caller named in the header, peer = object id.
                var id = m.UInt32(UbusAttr.ObjId) ?? 0;
                Client? caller;
                lock (_clients) _clients.TryGetValue(m.Peer, out caller);
                if (caller is not null) await caller.SendAsync(new UbusMessage(m.Type, m.Seq, id, m.Body), _stop.Token);
                break;
            }
            case UbusMessageType.AddObject:
            {
                var path = m.String(UbusAttr.ObjPath);
                if (path is null) { await SendStatusAsync(c, m, UbusStatus.InvalidArgument, null); break; }
                DoubleObject o;
                lock (_objects)
                {
                    if (_objects.Values.Any(x => x.Path == path)) o = null!;
                    else
                    {
                        var id = ++_nextId;
                        o = new DoubleObject(id, path, ++_nextId, m.Attr(UbusAttr.Signature)?.Payload.ToArray() ?? [], c, null);
                        _objects[id] = o;
                    }
                }
                if (o is null) { await SendStatusAsync(c, m, UbusStatus.InvalidArgument, null); break; }
                var w = new BlobWriter();
                w.PutInt32((int)UbusAttr.ObjId, o.Id);
                w.PutInt32((int)UbusAttr.ObjType, o.TypeId);
                await c.SendAsync(UbusMessage.Create(UbusMessageType.Data, m.Seq, m.Peer, w), _stop.Token);
                await SendStatusAsync(c, m, UbusStatus.Ok, null);
                break;
            }
            case UbusMessageType.RemoveObject:
            {
                var id = m.UInt32(UbusAttr.ObjId) ?? 0;
                bool removed;
                lock (_objects) removed = _objects.TryGetValue(id, out var o) && o.Owner == c && _objects.Remove(id);
                if (removed)
                {
                    var w = new BlobWriter();
                    w.PutInt32((int)UbusAttr.ObjId, id);
                    await c.SendAsync(UbusMessage.Create(UbusMessageType.Data, m.Seq, m.Peer, w), _stop.Token);
                }
                await SendStatusAsync(c, m, removed ? UbusStatus.Ok : UbusStatus.NotFound, null);
                break;
            }
            default:
                await SendStatusAsync(c, m, UbusStatus.InvalidCommand, null);
                break;
        }
    }

    private Task SendStatusAsync(Client c, UbusMessage request, UbusStatus status, uint? objectId)
    {
        var w = new BlobWriter();
        w.PutInt32((int)UbusAttr.Status, (uint)status);
        if (objectId is { } id) w.PutInt32((int)UbusAttr.ObjId, id);
        return c.SendAsync(UbusMessage.Create(UbusMessageType.Status, request.Seq, request.Peer, w), _stop.Token);
    }

    /// <summary>netifd's `network.interface.*` methods and argument policies, as list.txt recorded them.</summary>
    public static readonly byte[] InterfaceSignature = Signature(
        ("up", []), ("down", []), ("renew", []), ("restart", []), ("status", []), ("prepare", []), ("dump", []),
        ("add_device", [("name", 3), ("link-ext", 7), ("vlan", 1)]),
        ("remove_device", [("name", 3), ("link-ext", 7), ("vlan", 1)]),
        ("notify_proto", []), ("remove", []), ("set_data", []));

    /// <summary>netifd's `network` methods, as add-dynamic.txt recorded them.</summary>
    public static readonly byte[] NetworkSignature = Signature(
        ("restart", []), ("reload", []),
        ("add_host_route", [("target", 3), ("v6", 7), ("interface", 3), ("exclude", 7)]),
        ("get_proto_handlers", []), ("add_dynamic", [("name", 3)]),
        ("netns_updown", [("jail", 3), ("start", 7)]));

    private static byte[] Signature(params (string Method, (string, int)[] Args)[] methods)
    {
        var w = new BlobWriter();
        foreach (var (method, args) in methods)
        {
            var t = w.OpenTable(method);
            foreach (var (name, type) in args) w.Int32(name, type);
            w.Close(t);
        }
        return w.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        try { await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
        List<Client> clients;
        lock (_clients) clients = _clients.Values.ToList();
        foreach (var c in clients) c.Socket.Dispose();
        if (_ownedDir is not null)
        {
            try { Directory.Delete(_ownedDir, true); } catch (IOException) { }
        }
        else File.Delete(SocketPath);
        _stop.Dispose();
    }

    private sealed record DoubleObject(uint Id, string Path, uint TypeId, byte[] Signature, Client? Owner,
        Func<string, string, BlobAttr?, (UbusStatus, byte[]?)>? Handler);

    private sealed class Client(uint id, Socket socket)
    {
        private readonly SemaphoreSlim _write = new(1, 1);
        public uint Id { get; } = id;
        public Socket Socket { get; } = socket;

        public async Task SendAsync(UbusMessage m, CancellationToken ct)
        {
            await _write.WaitAsync(ct);
            try { await UbusFraming.WriteAsync(Socket, m, ct); }
            finally { _write.Release(); }
        }
    }
}
