using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WwanProto.Core.HiLink;

/// <summary>
/// One HTTP/1.1 request per TCP connection to the stick's web server (Connection: close, as its small server
/// prefers), bounded by a deadline for connect, send and receive together.
/// </summary>
public sealed class HiLinkHttp(IPEndPoint server, TimeSpan timeout, Func<Socket>? socketFactory = null)
{
    public IPEndPoint Server { get; } = server;

    /// <summary>
    /// Makes the unconnected socket. Tests make it inside their own network namespace (where the simulated
    /// stick is); the product uses a plain TCP socket.
    /// </summary>
    private readonly Func<Socket> _socket = socketFactory ?? (() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    public async Task<HttpResponse> SendAsync(string method, string path, IReadOnlyList<KeyValuePair<string, string>> headers, string? body, CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(timeout);
        using var socket = _socket();
        try
        {
            await socket.ConnectAsync(Server, bound.Token).ConfigureAwait(false);
            await SendAllAsync(socket, Request(method, path, headers, body), bound.Token).ConfigureAwait(false);
            return await ReceiveAsync(socket, bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new HiLinkException($"{method} {path}: no answer from {Server} within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            throw new HiLinkException($"{method} {path}: {Server}: {e.Message}");
        }
        catch (HttpFormatException e)
        {
            throw new HiLinkException($"{method} {path}: the answer from {Server} is not HTTP: {e.Message}");
        }
    }

    private byte[] Request(string method, string path, IReadOnlyList<KeyValuePair<string, string>> headers, string? body)
    {
        var bodyBytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        var text = new StringBuilder();
        text.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n");
        text.Append("Host: ").Append(Server.Port == 80 ? Server.Address.ToString() : Server.ToString()).Append("\r\n");
        text.Append("Accept: */*\r\nX-Requested-With: XMLHttpRequest\r\nConnection: close\r\n");
        foreach (var (name, value) in headers) text.Append(name).Append(": ").Append(value).Append("\r\n");
        if (bodyBytes is not null)
            text.Append("Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\nContent-Length: ")
                .Append(bodyBytes.Length).Append("\r\n");
        text.Append("\r\n");
        var head = Encoding.Latin1.GetBytes(text.ToString());
        return bodyBytes is null ? head : [.. head, .. bodyBytes];
    }

    private static async Task SendAllAsync(Socket socket, byte[] data, CancellationToken ct)
    {
        var sent = 0;
        while (sent < data.Length)
            sent += await socket.SendAsync(data.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
    }

    private static async Task<HttpResponse> ReceiveAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var used = 0;
        while (true)
        {
            if (used == buffer.Length)
            {
                if (buffer.Length >= HttpResponseParser.MaxHeaderBytes + HttpResponseParser.MaxBodyBytes)
                    throw new HttpFormatException("an answer larger than the bounds");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var n = await socket.ReceiveAsync(buffer.AsMemory(used), SocketFlags.None, ct).ConfigureAwait(false);
            used += n;
            if (HttpResponseParser.TryParse(buffer.AsSpan(0, used), complete: n == 0) is { } response) return response;
        }
    }
}
