using System.Text;
using System.Text.Json;
using WwanProto.Core.Sms;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// SMS and USSD on a HiLink stick with the standalone `up`: the CLI reaches the session through its socket, the
/// session through the stick's web API (/api/sms/*, /api/ussd/*) on its own API session. A delivered message is
/// announced (hook), listed, read and deleted; a 300-character UCS-2 text is sent; USSD answers a menu and is
/// released; the HiLink link stays up throughout.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UpHiLinkSmsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_cli_lists_reads_deletes_sends_and_runs_ussd_on_a_hilink_stick()
    {
        await using var rig = await StandaloneRig.StartRouterAsync("standalone-hilink-sms-", "hilink");
        var sim = rig.Sim;
        var config = Path.Combine(rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{sim.UsbPath}'\n");
        var hooks = Directory.CreateDirectory(Path.Combine(rig.Dir, "sms.d")).FullName;
        var hookOut = Path.Combine(rig.Dir, "hook.out"); // written beside and renamed: the test never sees it half written
        File.WriteAllText(Path.Combine(hooks, "forward"), $"#!/bin/sh\nprintf '%s|%s|%s|%s\\n' \"$INTERFACE\" \"$SMS_ID\" \"$SMS_FROM\" \"$SMS_TEXT\" > '{hookOut}.tmp' && mv '{hookOut}.tmp' '{hookOut}'\n");
        File.SetUnixFileMode(Path.Combine(hooks, "forward"), (UnixFileMode)0b111_101_101);
        rig.Environment["HUAWEIWWAN_SMS_HOOKS"] = hooks;

        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", config, "--resolv", Path.Combine(rig.Dir, "resolv", "huaweiwwan-wan"));
        try
        {
            await rig.WaitConnectedAsync(up, log);
            // The session looks for new messages once the link is up; what arrives after its first look is new.
            await WaitAsync(() => sim.HiLink.Log.Any(l => l.StartsWith("GET /api/monitoring/check-notifications -> ok", StringComparison.Ordinal)), log);
            sim.Sms.Deliver("+4915198765432", "Ihr neues Passwort lautet 8x!Qz");
            await WaitAsync(() => File.Exists(hookOut), log);
            Assert.Equal("wan|ME:40000|+4915198765432|Ihr neues Passwort lautet 8x!Qz\n", File.ReadAllText(hookOut));

            var list = await rig.RunAsync(Bound, "sms", "list");
            Assert.True(list.Code == 0, list.Err + log);
            Assert.Contains("ME:40000", list.Out);
            Assert.Contains("Ihr neues Passwort lautet 8x!Qz", list.Out);
            Assert.Contains("storage ME: 1 of 500 used", list.Out);
            var read = await rig.RunAsync(Bound, "sms", "read", "40000", "--json");
            Assert.True(read.Code == 0, read.Err);
            Assert.Equal("read", JsonDocument.Parse(read.Out).RootElement.GetProperty("status").GetString());
            Assert.Equal((0, "deleted ME:40000\n"), ((await rig.RunAsync(Bound, "sms", "delete", "ME:40000")) is var d ? (d.Code, d.Out) : default));
            Assert.Equal(0, sim.Sms.Count("ME"));
            var gone = await rig.RunAsync(Bound, "sms", "read", "ME:40000");
            Assert.Equal(1, gone.Code);

            var text = string.Concat(Enumerable.Repeat("Grüße — ✓ ", 30))[..300];
            var send = await rig.RunAsync(Bound, "sms", "send", "+4917612345678", text);
            Assert.True(send.Code == 0, send.Err + log);
            Assert.Equal("sent to +4917612345678 in 5 part(s)\n", send.Out);
            Assert.Equal(text, string.Concat(sim.Sms.Sent.Select(h => Assert.IsType<SmsSubmit>(SmsPduReader.Read(h)).UserData.Text)));

            var menu = await rig.RunAsync(Bound, "ussd", "*123#");
            Assert.True(menu.Code == 0, menu.Err);
            Assert.StartsWith("Bundles: 1 Data 2 Voice 0 Exit\n(the stick keeps the USSD dialogue open", menu.Out, StringComparison.Ordinal);
            var data = await rig.RunAsync(Bound, "ussd", "--answer", "1");
            Assert.StartsWith("Data: 2048 MB left until 31.12.\n", data.Out, StringComparison.Ordinal);
            Assert.Equal((0, "USSD dialogue ended\n"), ((await rig.RunAsync(Bound, "ussd", "--cancel")) is var c ? (c.Code, c.Out) : default));
            Assert.Contains(sim.HiLink.Log, l => l == "GET /api/ussd/release -> ok");

            var report = await rig.RunAsync(Bound, "sms", "send", "+4917612345678", "x", "--report");
            Assert.Equal(1, report.Code);
            Assert.Contains("delivery reports are a stick-wide setting", report.Err);

            var status = WwanProto.Core.Standalone.StatusFile.Read(rig.StatusPath)!;
            Assert.Equal(("connected", 0), (status.Modem.State, status.Modem.Reconnects));
            Assert.Equal(901, sim.HiLink.ConnectionStatus);
        }
        finally
        {
            var down = await rig.RunAsync(Bound, "down"); // no --iface: the DHCP client's pid file is not a second session
            Assert.True(down.Code == 0, down.Err);
            await up.WaitForExitAsync(new CancellationTokenSource(Bound).Token);
        }
        Assert.DoesNotContain("Passwort", log.ToString());
    }

    private static async Task WaitAsync(Func<bool> condition, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within the bound; log:\n" + log);
            await Task.Delay(25);
        }
    }
}
