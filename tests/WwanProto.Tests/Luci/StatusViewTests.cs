using System.Text.Json.Nodes;
using WwanProto.Tests.Packaging;
using Xunit;

namespace WwanProto.Tests.Luci;

/// <summary>The real view/huaweiwwan/status.js rendering a session's ubus status (our rpcd plugin's answer).</summary>
public class StatusViewTests
{
    private static JsonObject Status(int dbm, int bars) => new()
    {
        ["manufacturer"] = "Huawei",
        ["model"] = "E3372h-153",
        ["imei"] = "863781234567891",
        ["operator"] = "Telekom.de",
        ["rat"] = "LTE",
        ["signal_dbm"] = dbm,
        ["signal_bars"] = bars,
        ["sim_state"] = "ready",
        ["state"] = "connected",
        ["link_type"] = "ncm",
        ["uptime"] = 3725,
    };

    /// <summary>What the plugin answers while pppd runs in place of the session: netifd's view, marked so.</summary>
    private static JsonObject FromNetifd()
    {
        var s = Status(-79, 3);
        s["model"] = "E173";
        s["link_type"] = "ppp";
        s["source"] = "netifd";
        return s;
    }

    [Fact(Timeout = 120_000)]
    public async Task Status_view_shows_each_interface_and_follows_polls()
    {
        var fixture = new JsonObject
        {
            ["uci"] = new JsonObject
            {
                ["network"] = new JsonObject
                {
                    ["lan"] = new JsonObject { [".name"] = "lan", [".type"] = "interface", ["proto"] = "static" },
                    ["wan"] = new JsonObject { [".name"] = "wan", [".type"] = "interface", ["proto"] = "huaweiwwan" },
                    ["wwan2"] = new JsonObject { [".name"] = "wwan2", [".type"] = "interface", ["proto"] = "huaweiwwan" },
                    ["ppp"] = new JsonObject { [".name"] = "ppp", [".type"] = "interface", ["proto"] = "huaweiwwan" },
                },
            },
            ["ubus"] = new JsonObject
            {
                ["huaweiwwan"] = new JsonObject
                {
                    ["status"] = new JsonObject { ["interfaces"] = new JsonObject { ["wan"] = Status(-87, 4), ["ppp"] = FromNetifd() } },
                },
            },
        };

        await using var page = await LuciPage.OpenAsync();
        var b = page.Browser;
        var text = (await b.EvaluateAsync($"__bootStatus({fixture.ToJsonString()})"))!.GetValue<string>();

        Assert.Contains("Interface wan", text);
        Assert.Contains("Huawei E3372h-153", text);
        Assert.Contains("Telekom.de", text);
        Assert.Contains("LTE", text);
        Assert.Contains("-87 dBm", text);
        Assert.Contains("ready", text);
        Assert.Contains("1h 2m 5s", text);
        Assert.Contains("Interface wwan2", text);
        Assert.Contains("Not running", text);
        Assert.DoesNotContain("Interface lan", text);
        Assert.Contains("Huawei E173", text);
        Assert.Equal("(values from connect time)", (await b.EvaluateAsync(
            "document.querySelector('[data-interface=ppp] .huaweiwwan-source').textContent"))!.GetValue<string>());
        Assert.Equal(0, (await b.EvaluateAsync(
            "document.querySelectorAll('[data-interface=wan] .huaweiwwan-source').length"))!.GetValue<int>());
        Assert.Equal("4", (await b.EvaluateAsync(
            "document.querySelector('[data-interface=wan] .huaweiwwan-signal').getAttribute('data-bars')"))!.GetValue<string>());
        await b.ScreenshotAsync(Path.Combine(RepoPaths.TestResults, "luci-status.png"));

        var calls = (await b.EvaluateAsync("L.require('rpc').then(function(r) { return r.calls; })"))!.AsArray();
        Assert.All(calls, c => Assert.Equal("huaweiwwan", c!["object"]!.GetValue<string>()));
        Assert.Contains(calls, c => c!["method"]!.GetValue<string>() == "status");

        // The next poll shows the new answer.
        var weaker = new JsonObject { ["interfaces"] = new JsonObject { ["wan"] = Status(-101, 1) } };
        await b.EvaluateAsync($"(window.__ubus.huaweiwwan.status = {weaker.ToJsonString()}, __poll()).then(function() {{ return 1; }})");
        var after = (await b.EvaluateAsync("document.getElementById('view').innerText"))!.GetValue<string>();
        Assert.Contains("-101 dBm", after);
        Assert.DoesNotContain("-87 dBm", after);
    }
}
