using System.Net;
using System.Net.Sockets;

namespace WwanProto.Tests.Luci;

/// <summary>
/// Serves the LuCI test page on 127.0.0.1: /luci-static/resources/&lt;file&gt; from the test's stand-in
/// modules (luci.js, form.js, ...) when one exists there, otherwise from the feed's real htdocs
/// (protocol/huaweiwwan.js, view/huaweiwwan/status.js, huaweiwwan/schema.js).
/// </summary>
public sealed class StaticServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _mockDir;
    private readonly string _htdocs;
    private readonly Task _loop;

    public string BaseUrl { get; }

    public StaticServer(string mockDir, string htdocs)
    {
        _mockDir = mockDir;
        _htdocs = htdocs;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { Serve(ctx); }
            catch (HttpListenerException) { }
        }
    }

    private void Serve(HttpListenerContext ctx)
    {
        var path = Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath);
        var file = Resolve(path);
        if (file is null)
        {
            ctx.Response.StatusCode = 404;
            ctx.Response.Close();
            return;
        }
        var bytes = File.ReadAllBytes(file);
        ctx.Response.ContentType = file.EndsWith(".html", StringComparison.Ordinal) ? "text/html; charset=utf-8"
            : "application/javascript; charset=utf-8";
        ctx.Response.Headers["Cache-Control"] = "no-store";
        ctx.Response.Close(bytes, willBlock: true);
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
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
