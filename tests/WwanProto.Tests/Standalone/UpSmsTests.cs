using System.Text;
using System.Text.Json;
using WwanProto.Core.Sms;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// SMS and USSD with the standalone `up` (no netifd, no ubus): the CLI reaches the session through the 0600
/// socket `up` opens in its state directory. A delivered message is listed, read and deleted, a long UCS-2 text
/// goes out in parts, USSD answers a menu, the hook runs, and the link stays configured throughout.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UpSmsTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await StandaloneRig.StartAsync("standalone-sms-");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task The_cli_lists_reads_deletes_sends_and_runs_ussd_through_ups_socket()
    {
        var sim = _rig.Sim;
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{sim.UsbPath}'\n\toption apn 'internet'\n");
        var hooks = Directory.CreateDirectory(Path.Combine(_rig.Dir, "sms.d")).FullName;
        var hookOut = Path.Combine(_rig.Dir, "hook.out");
        File.WriteAllText(Path.Combine(hooks, "forward"), $"#!/bin/sh\nprintf '%s|%s|%s\\n' \"$INTERFACE\" \"$SMS_FROM\" \"$SMS_TEXT\" > '{hookOut}.tmp' && mv '{hookOut}.tmp' '{hookOut}'\n");
        File.SetUnixFileMode(Path.Combine(hooks, "forward"), (UnixFileMode)0b111_101_101);
        _rig.Environment["HUAWEIWWAN_SMS_HOOKS"] = hooks;

        var log = new StringBuilder();
        using var up = _rig.StartUp(log, "--config", config);
        try
        {
            await _rig.WaitConnectedAsync(up, log);
            var socket = Path.Combine(_rig.StateDir, "wan.sms.sock");
            Assert.True(File.Exists(socket), log.ToString());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
            for (var deadline = DateTime.UtcNow + Bound; !sim.CommandLog.Any(c => c.StartsWith("AT+CNMI=", StringComparison.Ordinal)) && DateTime.UtcNow < deadline;) await Task.Delay(25);

            sim.Sms.Deliver("+4915198765432", "Ihr neues Passwort lautet 8x!Qz");
            // The hook writes beside and renames: seeing the file means seeing all of it (a `>>` redirect creates
            // the file before printf writes, and the read could find it empty).
            for (var deadline = DateTime.UtcNow + Bound; !File.Exists(hookOut) && DateTime.UtcNow < deadline;) await Task.Delay(25);
            Assert.Equal("wan|+4915198765432|Ihr neues Passwort lautet 8x!Qz\n", File.ReadAllText(hookOut));

            var list = await _rig.RunAsync(Bound, "sms", "list");
            Assert.True(list.Code == 0, list.Err + log);
            Assert.Contains("SM:0", list.Out);
            Assert.Contains("Ihr neues Passwort lautet 8x!Qz", list.Out);
            Assert.Contains("storage SM: 1 of 30 used", list.Out);
            var read = await _rig.RunAsync(Bound, "sms", "read", "0", "--json");
            Assert.True(read.Code == 0, read.Err);
            Assert.Equal("read", JsonDocument.Parse(read.Out).RootElement.GetProperty("status").GetString());
            Assert.Equal((0, "deleted SM:0\n"), ((await _rig.RunAsync(Bound, "sms", "delete", "SM:0")) is var d ? (d.Code, d.Out) : default));
            Assert.Equal(0, sim.Sms.Count("SM"));

            var text = string.Concat(Enumerable.Repeat("Grüße — ✓ ", 30))[..300];
            var send = await _rig.RunAsync(Bound, "sms", "send", "+4917612345678", text);
            Assert.True(send.Code == 0, send.Err);
            Assert.Equal("sent to +4917612345678 in 5 part(s)\n", send.Out);
            Assert.Equal(text, string.Concat(sim.Sms.Sent.Select(h => Assert.IsType<SmsSubmit>(SmsPduReader.Read(h)).UserData.Text)));

            var balance = await _rig.RunAsync(Bound, "ussd", "*100#");
            Assert.Equal((0, "Balance: 12.34 EUR, valid until 31.12.2026\n"), (balance.Code, balance.Out));
            Assert.Contains("the network waits", (await _rig.RunAsync(Bound, "ussd", "*123#")).Out);
            Assert.Equal((0, "USSD dialogue ended\n"), ((await _rig.RunAsync(Bound, "ussd", "--cancel")) is var c ? (c.Code, c.Out) : default));

            var bad = await _rig.RunAsync(Bound, "sms", "read", "XX:1");
            Assert.Equal(1, bad.Code);
            Assert.Contains("'XX:1' is not a message id", bad.Err);

            Assert.Equal("connected", WwanProto.Core.Standalone.StatusFile.Read(_rig.StatusPath)!.Modem.State);
            Assert.Equal(0, WwanProto.Core.Standalone.StatusFile.Read(_rig.StatusPath)!.Modem.Reconnects);
            Assert.Contains($"inet {sim.Addresses.Client}/", _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
        }
        finally
        {
            var down = await _rig.RunAsync(Bound, "down");
            Assert.True(down.Code == 0, down.Err);
            await up.WaitForExitAsync(new CancellationTokenSource(Bound).Token);
        }
        Assert.False(File.Exists(Path.Combine(_rig.StateDir, "wan.sms.sock")));
        Assert.DoesNotContain("Passwort", log.ToString());
    }
}
