using System.Text.Json.Nodes;
using WwanProto.Core.Config;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Tests.Packaging;
using Xunit;

namespace WwanProto.Tests.Luci;

/// <summary>
/// The real protocol/huaweiwwan.js in headless Chromium, on our stand-ins for LuCI's client modules:
/// a user fills the form, saves, and the UCI values it writes are what the handler accepts.
/// </summary>
public class FormTests
{
    private const string Imei = "863781234567891";

    private static readonly string Fixture = new JsonObject
    {
        ["section"] = "wan",
        ["uci"] = new JsonObject
        {
            ["network"] = new JsonObject
            {
                ["wan"] = new JsonObject { [".name"] = "wan", [".type"] = "interface", ["proto"] = "huaweiwwan" },
            },
        },
        ["ubus"] = new JsonObject
        {
            ["huaweiwwan"] = new JsonObject
            {
                ["modems"] = new JsonObject
                {
                    ["modems"] = new JsonArray(
                        new JsonObject { ["usb"] = "1-1.2", ["id"] = "12d1:1506", ["kind"] = "ncm", ["vendor"] = "Huawei", ["model"] = "E3372h-153", ["imei"] = Imei },
                        new JsonObject { ["usb"] = "1-1.4", ["id"] = "12d1:1001", ["kind"] = "ppp", ["vendor"] = "Huawei", ["model"] = "E3131", ["imei"] = "356789012345674" }),
                },
            },
        },
    }.ToJsonString();

    private static async Task SetAsync(Chromium b, string option, string value)
    {
        var r = await b.EvaluateAsync($$"""
            (function() {
              var el = __field('wan', {{Js(option)}});
              if (!el) return 'no field ' + {{Js(option)}};
              if (el.closest('.cbi-value').classList.contains('hidden')) return 'hidden field ' + {{Js(option)}};
              if (el.type == 'checkbox') el.checked = ({{Js(value)}} == '1');
              else { el.focus(); el.value = {{Js(value)}}; el.dispatchEvent(new Event('input', { bubbles: true })); }
              if (el.tagName == 'SELECT' && el.value != {{Js(value)}}) return 'no choice ' + {{Js(value)}} + ' for ' + {{Js(option)}};
              el.dispatchEvent(new Event('change', { bubbles: true }));
              return 'ok';
            })()
            """);
        Assert.Equal("ok", r?.GetValue<string>());
    }

    private static string Js(string s) => JsonValue.Create(s)!.ToJsonString();

    private static async Task<JsonObject> BootAsync(Chromium b) =>
        (await b.EvaluateAsync($"__bootForm({Fixture})"))!.AsObject();

    [Fact(Timeout = 120_000)]
    public async Task Filled_form_saves_UCI_values_the_handler_accepts()
    {
        await using var page = await LuciPage.OpenAsync();
        var b = page.Browser;
        await BootAsync(b);

        var deviceChoices = (await b.EvaluateAsync(
            "Array.prototype.map.call(__field('wan','_modem_device').options, function(o) { return o.value + '=' + o.textContent; })"))!
            .AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains(deviceChoices, c => c.StartsWith($"imei:{Imei}=Huawei E3372h-153 · IMEI {Imei} · NCM · USB 1-1.2 (12d1:1506)", StringComparison.Ordinal));
        Assert.Contains(deviceChoices, c => c.StartsWith("auto=", StringComparison.Ordinal));

        await SetAsync(b, "_modem_device", $"imei:{Imei}");
        await SetAsync(b, "apn", "internet.telekom");
        await SetAsync(b, "pincode", "1234");
        await SetAsync(b, "auth", "chap");
        await SetAsync(b, "username", "telekom");
        await SetAsync(b, "password", "tm-secret");
        await SetAsync(b, "mode", "lte");
        await SetAsync(b, "pdptype", "IPV4V6");
        await SetAsync(b, "v6apn", "internet.v6.telekom");
        await b.ScreenshotAsync(Path.Combine(RepoPaths.TestResults, "luci-form-general.png"));

        await b.EvaluateAsync("__showTab('advanced')");
        await SetAsync(b, "profile", "2");
        await SetAsync(b, "mtu", "1430");
        await SetAsync(b, "timeout", "90");
        await SetAsync(b, "metric", "10");
        await SetAsync(b, "allow_roaming", "0");
        await SetAsync(b, "dhcp", "1");
        await b.ScreenshotAsync(Path.Combine(RepoPaths.TestResults, "luci-form-advanced.png"));

        var saved = (await b.EvaluateAsync("__map.save().then(function() { return __uciSaved.network.wan; })"))!.AsObject();
        var raw = saved.Where(kv => !kv.Key.StartsWith('.'))
            .ToDictionary(kv => kv.Key, kv => RawValue.Of(kv.Value!.GetValue<string>()));

        var (options, errors) = OptionParser.Parse(raw, rejectUnknown: true);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.NotNull(options);
        Assert.Equal($"imei:{Imei}", options.Device);
        Assert.Equal("internet.telekom", options.Apn);
        Assert.Equal("internet.v6.telekom", options.V6Apn);
        Assert.Equal("1234", options.PinCode);
        Assert.Equal("chap", options.Auth);
        Assert.Equal("telekom", options.Username);
        Assert.Equal("tm-secret", options.Password);
        Assert.Equal("lte", options.Mode);
        Assert.Equal("IPV4V6", options.PdpType);
        Assert.Equal(2, options.Profile);
        Assert.Equal(1430, options.Mtu);
        Assert.Equal(90, options.Timeout);
        Assert.Equal(10, options.Metric);
        Assert.False(options.AllowRoaming);
        Assert.True(options.Dhcp);
        // Flags left at their defaults are not written (LuCI's Flag removes them).
        Assert.False(raw.ContainsKey("lowpower"));
        Assert.False(raw.ContainsKey("defaultroute"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Credentials_show_only_with_authentication_and_bad_values_block_saving()
    {
        await using var page = await LuciPage.OpenAsync();
        var b = page.Browser;
        await BootAsync(b);

        const string hidden = "__field('wan', 'username').closest('.cbi-value').classList.contains('hidden')";
        Assert.True((await b.EvaluateAsync(hidden))!.GetValue<bool>());
        await SetAsync(b, "auth", "pap");
        Assert.False((await b.EvaluateAsync(hidden))!.GetValue<bool>());

        await SetAsync(b, "apn", "inter\"net;+CFUN=0");
        var outcome = (await b.EvaluateAsync(
            "__map.save().then(function() { return 'saved'; }, function(e) { return 'refused: ' + e.message; })"))!.GetValue<string>();
        Assert.StartsWith("refused", outcome);
        Assert.True((await b.EvaluateAsync("__field('wan', 'apn').classList.contains('cbi-input-invalid')"))!.GetValue<bool>());
        await b.ScreenshotAsync(Path.Combine(RepoPaths.TestResults, "luci-form-invalid-apn.png"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Form_fields_are_the_schema_options_on_the_schema_tabs_and_every_error_code_is_registered()
    {
        await using var page = await LuciPage.OpenAsync();
        var boot = await BootAsync(page.Browser);

        var fields = boot["fields"]!.AsArray().Select(f => f!.AsObject())
            .ToDictionary(f => f["ucioption"]!.GetValue<string>(), f => f["tab"]!.GetValue<string>());
        var schema = OptionSchema.All.ToDictionary(o => o.Name, o => o.Tab == OptionTab.Advanced ? "advanced" : "general");
        Assert.Equal(schema.OrderBy(kv => kv.Key), fields.OrderBy(kv => kv.Key));
        // netifd's dump declares the same options, with the same types the form writes.
        var dump = JsonNode.Parse(NetifdDump.ToUtf8())!["config"]!.AsArray()
            .ToDictionary(c => c![0]!.GetValue<string>().Split(':')[0], c => c![1]!.GetValue<int>());
        Assert.Equal(schema.Keys.Order(), dump.Keys.Order());
        Assert.All(OptionSchema.All, o => Assert.Equal((int)o.Type, dump[o.Name]));

        var codes = boot["errorCodes"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
        foreach (var (code, text) in ErrorCodes.Descriptions)
            Assert.True(codes.TryGetValue(code, out var shown) && shown == text, $"{code}: LuCI shows '{shown}', handler says '{text}'");
        foreach (var o in OptionSchema.All)
            Assert.Contains(o.Label, codes[new ConfigError(o.Name, null, "").Code]);
        Assert.Contains("UNKNOWN_OPTION", codes.Keys);
    }
}
