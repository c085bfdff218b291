using System.Net;
using System.Net.Sockets;
using System.Text;
using WwanProto.ModemSim.Net;

namespace WwanProto.ModemSim.HiLink;

/// <summary>
/// The stick's small web server on port 80 of its router address, listening INSIDE the modem namespace (the
/// socket is made there), one request per connection, answers as the firmware's server frames them
/// (Content-Length, Connection: close). Stopped when the stick leaves the bus.
/// </summary>
public sealed class HiLinkWebServer : IDisposable
{
    private readonly Socket _listener;
    private readonly HiLinkFirmware _firmware;
    private readonly CancellationTokenSource _stop = new();

    public HiLinkWebServer(string netns, IPAddress address, HiLinkFirmware firmware, int port = 80)
    {
        _firmware = firmware;
        _listener = NetnsSocket.Create(netns);
        try
        {
            _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Bind(new IPEndPoint(address, port));
            _listener.Listen(16);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        _ = AcceptLoopAsync(_stop.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(ct); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        using var _ = client;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            if (await ReadRequestAsync(client, bound.Token) is not { } request) return;
            var answer = _firmware.Handle(request);
            var body = Encoding.UTF8.GetBytes(answer.Body);
            var head = new StringBuilder("HTTP/1.1 200 OK\r\nCache-Control: no-cache\r\nContent-Type: text/html\r\nX-Frame-Options: deny\r\n");
            foreach (var (name, value) in answer.Headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
            head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");
            await client.SendAsync(Encoding.Latin1.GetBytes(head.ToString()).Concat(body).ToArray(), SocketFlags.None, bound.Token);
            client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    private static async Task<WebRequest?> ReadRequestAsync(Socket client, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var used = 0;
        while (used < buffer.Length)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(used), SocketFlags.None, ct);
            if (n == 0) return null;
            used += n;
            var text = Encoding.Latin1.GetString(buffer, 0, used);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var lines = text[..end].Split("\r\n");
            var first = lines[0].Split(' ');
            if (first.Length < 3) return null;
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
            var length = headers.TryGetValue("content-length", out var l) && int.TryParse(l, out var len) ? len : 0;
            if (used - (end + 4) < length) continue;
            var body = Encoding.UTF8.GetString(buffer, end + 4, length);
            return new WebRequest(first[0], first[1], headers, body);
        }
        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }
}
