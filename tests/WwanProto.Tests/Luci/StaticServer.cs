using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WwanProto.Tests.Luci;

/// <summary>
/// Serves the LuCI test page on 127.0.0.1: /luci-static/resources/&lt;file&gt; from the test's stand-in
/// modules (luci.js, form.js, ...) when one exists there, otherwise from the feed's real htdocs
/// (protocol/huaweiwwan.js, view/huaweiwwan/status.js, huaweiwwan/schema.js).
/// </summary>
public sealed class StaticServer : IDisposable
{
    // A plain socket server bound to port 0: no port picked in advance that another test could take
    // meanwhile. GET only, one request per connection (Connection: close), which is all a page load needs.
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _mockDir;
    private readonly string _htdocs;
    private readonly Task _loop;

    public string BaseUrl { get; }

    public StaticServer(string mockDir, string htdocs)
    {
        _mockDir = mockDir;
        _htdocs = htdocs;
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                cts.CancelAfter(TimeSpan.FromSeconds(20));
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(cts.Token) ?? "";
                while (await reader.ReadLineAsync(cts.Token) is { Length: > 0 }) { }
                var parts = requestLine.Split(' ');
                var file = parts.Length >= 2 && parts[0] == "GET" ? Resolve(Uri.UnescapeDataString(parts[1].Split('?')[0])) : null;
                byte[] body = file is null ? "not found"u8.ToArray() : await File.ReadAllBytesAsync(file, cts.Token);
                var type = file is null ? "text/plain" : file.EndsWith(".html", StringComparison.Ordinal) ? "text/html; charset=utf-8"
                    : "application/javascript; charset=utf-8";
                var head = $"HTTP/1.1 {(file is null ? "404 Not Found" : "200 OK")}\r\nContent-Type: {type}\r\n"
                    + $"Content-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cts.Token);
                await stream.WriteAsync(body, cts.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
        }
    }

    private string? Resolve(string path)
    {
        if (path is "/" or "/index.html") return Path.Combine(_mockDir, "index.html");
        const string prefix = "/luci-static/resources/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || path.Contains("..", StringComparison.Ordinal)) return null;
        var rel = path[prefix.Length..];
        var mock = Path.Combine(_mockDir, rel);
        if (!rel.Contains('/') && File.Exists(mock)) return mock;
        var real = Path.Combine(_htdocs, "luci-static", "resources", rel);
        return File.Exists(real) ? real : null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
