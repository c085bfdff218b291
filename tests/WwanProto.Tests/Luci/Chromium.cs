using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WwanProto.Tests.Luci;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol with a plain WebSocket: navigate,
/// evaluate (awaiting promises), screenshot. One browser per instance, its own profile directory,
/// killed and cleaned up on dispose. Every call is bounded by a timeout.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _ws = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly List<string> _console = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _receive;
    private int _nextId;

    /// <summary>console messages and uncaught exceptions from the page, for failure messages.</summary>
    public IReadOnlyList<string> Console { get { lock (_console) return _console.ToList(); } }

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<Chromium> StartAsync(int width = 1000, int height = 1400)
    {
        var profile = Directory.CreateTempSubdirectory("wwan-chromium-").FullName;
        var psi = new ProcessStartInfo("/usr/bin/chromium")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", $"--window-size={width},{height}",
            $"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "about:blank",
        }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
        var browser = new Chromium(process, profile);
        try
        {
            await browser.ConnectAsync();
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
        return browser;
    }

    private async Task ConnectAsync()
    {
        using var cts = new CancellationTokenSource(CallTimeout);
        string? browserWs = null;
        var stderr = new StringBuilder();
        while (browserWs is null)
        {
            var line = await _process.StandardError.ReadLineAsync(cts.Token)
                ?? throw new InvalidOperationException($"chromium exited before DevTools started:\n{stderr}");
            stderr.AppendLine(line);
            const string marker = "DevTools listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) browserWs = line[(at + marker.Length)..].Trim();
        }
        // Keep draining chromium's output so it never blocks on a full pipe.
        _ = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();

        var http = new Uri(browserWs.Replace("ws://", "http://", StringComparison.Ordinal));
        using var client = new HttpClient { Timeout = CallTimeout };
        string? pageWs = null;
        while (pageWs is null)
        {
            var list = JsonNode.Parse(await client.GetStringAsync(new Uri(http, "/json/list"), cts.Token))!.AsArray();
            pageWs = list.Select(t => t!.AsObject()).FirstOrDefault(t => (string?)t["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
            if (pageWs is null) await Task.Delay(50, cts.Token);
        }
        await _ws.ConnectAsync(new Uri(pageWs), cts.Token);
        _receive = Task.Run(ReceiveLoopAsync);
        await SendAsync("Runtime.enable");
        await SendAsync("Page.enable");
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _ws.State == WebSocketState.Open)
            {
                var r = await _ws.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var json = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (json["id"] is { } id)
                {
                    TaskCompletionSource<JsonObject>? tcs;
                    lock (_pending) _pending.Remove(id.GetValue<int>(), out tcs);
                    tcs?.TrySetResult(json);
                }
                else if ((string?)json["method"] is "Runtime.consoleAPICalled" or "Runtime.exceptionThrown")
                {
                    lock (_console) _console.Add(json["params"]!.ToJsonString());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        lock (_pending)
        {
            foreach (var t in _pending.Values) t.TrySetException(new InvalidOperationException("DevTools connection closed"));
            _pending.Clear();
        }
    }

    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending) _pending[id] = tcs;
        var msg = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using var cts = new CancellationTokenSource(CallTimeout);
        await _ws.SendAsync(Encoding.UTF8.GetBytes(msg.ToJsonString()), WebSocketMessageType.Text, true, cts.Token);
        var reply = await tcs.Task.WaitAsync(CallTimeout);
        if (reply["error"] is { } err) throw new InvalidOperationException($"{method}: {err.ToJsonString()}");
        return reply["result"]!.AsObject();
    }

    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        using var cts = new CancellationTokenSource(CallTimeout);
        while (await EvaluateAsync("document.readyState + (typeof window.__bootForm)") is not JsonValue v
               || v.GetValue<string>() != "completefunction")
            await Task.Delay(20, cts.Token);
    }

    /// <summary>Evaluates an expression in the page, awaiting a returned promise; the value comes back as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var r = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["awaitPromise"] = true,
            ["returnByValue"] = true,
        });
        if (r["exceptionDetails"] is { } ex)
            throw new InvalidOperationException($"page threw evaluating {expression}: {ex.ToJsonString()}\nconsole: {string.Join("\n", Console)}");
        return r["result"]?["value"]?.DeepClone();
    }

    public async Task ScreenshotAsync(string path)
    {
        var r = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(r["data"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { _ws.Abort(); } catch (ObjectDisposedException) { }
        _ws.Dispose();
        if (_receive is not null) await _receive.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
        _process.Dispose();
        _stop.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }
}
