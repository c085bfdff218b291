using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Sms;

/// <summary>
/// The standalone `up`'s stand-in for ubus: a Unix stream socket in the state directory
/// (&lt;statedir&gt;/&lt;iface&gt;.sms.sock, mode 0600, root only like the state directory) that serves the same methods as
/// the session's ubus object (<see cref="MessagingUbus"/>). One request a connection, one JSON line each way:
/// {"method":"sms_list","args":{}} → {"status":"OK","data":{…}} (status names as ubus has them).
/// </summary>
public sealed class MessagingSocket : IAsyncDisposable
{
    private const int MaxRequest = 64 * 1024;

    /// <summary>How long a client waits: a long text goes out part by part, each up to a minute.</summary>
    public static readonly TimeSpan ClientBound = TimeSpan.FromMinutes(5);

    private readonly Socket _listener;
    private readonly IReadOnlyList<UbusMethod> _methods;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public string Path { get; }

    public static string PathFor(SystemPaths paths, string iface) => System.IO.Path.Combine(paths.StateDir, $"{iface}.sms.sock");

    private MessagingSocket(string path, Socket listener, IReadOnlyList<UbusMethod> methods, Action<string> log)
    {
        Path = path;
        _listener = listener;
        _methods = methods;
        _log = log;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Binds <paramref name="path"/> (replacing a stale socket file of an earlier run) and serves <paramref name="methods"/>.</summary>
    public static MessagingSocket Listen(string path, IReadOnlyList<UbusMethod> methods, Action<string> log)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the messaging socket needs Unix permissions");
        if (File.Exists(path)) File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(8);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new MessagingSocket(path, listener, methods, log);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                var request = await ReadLineAsync(client, _stop.Token).ConfigureAwait(false);
                var answer = request is null ? Answer(UbusStatus.InvalidArgument, "no request line") : await HandleAsync(request).ConfigureAwait(false);
                await client.SendAsync(Encoding.UTF8.GetBytes(answer + "\n"), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                _log($"sms socket: a client went away: {e.Message}");
            }
        }
    }

    private async Task<string> HandleAsync(string line)
    {
        string? method;
        byte[] args;
        try
        {
            using var doc = JsonDocument.Parse(line);
            method = doc.RootElement.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            args = doc.RootElement.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Object ? BlobmsgJson.FromJson(a.GetRawText()) : [];
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return Answer(UbusStatus.InvalidArgument, $"the request is not JSON: {e.Message}");
        }
        var handler = _methods.FirstOrDefault(x => x.Name == method);
        if (handler is null) return Answer(UbusStatus.MethodNotFound, $"no method '{method}' (there are {string.Join(", ", _methods.Select(x => x.Name))})");
        var result = await handler.Handler(new UbusRequest(handler.Name, args, 0), _stop.Token).ConfigureAwait(false);
        return Answer(result.Status, null, result.Data is { } data ? BlobmsgJson.ToJson(data) : "{}");
    }

    private static string Answer(UbusStatus status, string? error, string? dataJson = null)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartObject();
            j.WriteString("status", UbusStatusNames.Name(status));
            j.WritePropertyName("data");
            if (dataJson is not null) j.WriteRawValue(dataJson);
            else
            {
                j.WriteStartObject();
                j.WriteString("error", error);
                j.WriteEndObject();
            }
            j.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The client side: one request; the status name ("OK", "NOT_FOUND" …) and the data object as JSON.</summary>
    public static async Task<(string Status, string DataJson)> CallAsync(string path, string method, string argsJson, CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(ClientBound);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), bound.Token).ConfigureAwait(false);
        var request = $"{{\"method\":{JsonSerializerString(method)},\"args\":{argsJson}}}\n";
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), SocketFlags.None, bound.Token).ConfigureAwait(false);
        var line = await ReadLineAsync(socket, bound.Token).ConfigureAwait(false)
            ?? throw new IOException($"{path}: the session closed the connection without an answer");
        using var doc = JsonDocument.Parse(line);
        var status = doc.RootElement.GetProperty("status").GetString() ?? "UNKNOWN_ERROR";
        return (status, doc.RootElement.GetProperty("data").GetRawText());
    }

    private static string JsonSerializerString(string value)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer)) j.WriteStringValue(value);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<string?> ReadLineAsync(Socket socket, CancellationToken ct)
    {
        var data = new List<byte>();
        var buffer = new byte[4096];
        while (data.Count < MaxRequest)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0) break;
            var newline = Array.IndexOf(buffer, (byte)'\n', 0, n);
            data.AddRange(buffer.AsSpan(0, newline < 0 ? n : newline).ToArray());
            if (newline >= 0) return Encoding.UTF8.GetString([.. data]);
        }
        return data.Count == 0 ? null : Encoding.UTF8.GetString([.. data]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        try { File.Delete(Path); } catch (IOException) { }
    }
}
