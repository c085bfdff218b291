using System.Text.Json.Nodes;
using WwanProto.ModemSim;
using WwanProto.Tests.Packaging;
using Xunit;

namespace WwanProto.Tests.Luci;

/// <summary>
/// The form's modem list end to end, with only the modem faked: the simulator's stick, the packaged
/// static binary's `probe --json` called by the rpcd plugin exactly as rpcd would (`call modems`),
/// and that answer rendered by the real protocol/huaweiwwan.js.
/// </summary>
public class ModemListTests
{
    [Fact(Timeout = 400_000)]
    public async Task Rpcd_modems_answer_from_a_simulated_stick_becomes_the_forms_modem_choice()
    {
        var bin = (await PackageBuild.GetAsync()).Binary;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153" }, cts.Token);
        var r = await ProcessRunner.RunAsync("busybox",
            ["sh", RepoPaths.Of("feeds", "huaweiwwan", "files", "huaweiwwan.rpcd"), "call", "modems"], TimeSpan.FromSeconds(80),
            environment: new Dictionary<string, string?>
            {
                ["HUAWEIWWAN_BIN"] = bin,
                ["HUAWEIWWAN_SYSFS"] = sim.Paths.SysRoot,
                ["HUAWEIWWAN_DEVROOT"] = sim.Paths.DevRoot,
                ["HUAWEIWWAN_STATEDIR"] = sim.Paths.StateDir,
                ["HUAWEIWWAN_LOCKDIR"] = sim.Paths.LockDir,
            },
            stdin: "{}");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var answer = JsonNode.Parse(r.Stdout)!.AsObject();
        var modem = Assert.Single(answer["modems"]!.AsArray())!;
        Assert.Equal(sim.Imei, modem["imei"]!.GetValue<string>());

        var fixture = new JsonObject
        {
            ["section"] = "wan",
            ["uci"] = new JsonObject { ["network"] = new JsonObject { ["wan"] = new JsonObject { [".name"] = "wan", [".type"] = "interface", ["proto"] = "huaweiwwan" } } },
            ["ubus"] = new JsonObject { ["huaweiwwan"] = new JsonObject { ["modems"] = answer } },
        };
        await using var page = await LuciPage.OpenAsync();
        await page.Browser.EvaluateAsync($"__bootForm({fixture.ToJsonString()})");
        var choices = (await page.Browser.EvaluateAsync(
            "Array.prototype.map.call(__field('wan','_modem_device').options, function(o) { return o.value + '=' + o.textContent; })"))!
            .AsArray().Select(n => n!.GetValue<string>()).ToList();
        var choice = Assert.Single(choices, c => c.StartsWith($"imei:{sim.Imei}=", StringComparison.Ordinal));
        Assert.Contains($"IMEI {sim.Imei}", choice);
        Assert.Contains("NCM", choice);
        Assert.Contains($"USB {sim.UsbPath}", choice);
        await page.Browser.EvaluateAsync($"(__field('wan','_modem_device').value = 'imei:{sim.Imei}', 1)");
        await page.Browser.ScreenshotAsync(Path.Combine(RepoPaths.TestResults, "luci-form-simulated-modem.png"));
    }
}
