using WwanProto.Tests.Packaging;

namespace WwanProto.Tests.Luci;

/// <summary>The test page (our LuCI stand-ins + the feed's real JS) served locally, and a browser on it.</summary>
public sealed class LuciPage : IAsyncDisposable
{
    public static string Htdocs => RepoPaths.Of("feeds", "luci-proto-huaweiwwan", "htdocs");
    public static string MockDir => RepoPaths.Of("tests", "WwanProto.Tests", "Luci", "www");

    private readonly StaticServer _server;
    public Chromium Browser { get; }

    private LuciPage(StaticServer server, Chromium browser)
    {
        _server = server;
        Browser = browser;
    }

    public static async Task<LuciPage> OpenAsync()
    {
        var server = new StaticServer(MockDir, Htdocs);
        Chromium? browser = null;
        try
        {
            browser = await Chromium.StartAsync();
            await browser.NavigateAsync(server.BaseUrl);
            return new LuciPage(server, browser);
        }
        catch
        {
            if (browser is not null) await browser.DisposeAsync();
            server.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _server.Dispose();
    }
}
