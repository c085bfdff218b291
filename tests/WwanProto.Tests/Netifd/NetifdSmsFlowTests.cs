using System.Text.Json;
using WwanProto.Core.Sms;
using WwanProto.Core.Ubus;
using WwanProto.ModemSim;
using WwanProto.Tests.Packaging;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// SMS and USSD under netifd, end to end: the shim's setup, the real `huaweiwwan session` as the proto task on the
/// simulator, ubus through the ubusd double, and the `huaweiwwan sms` / `ussd` CLI as a person runs it. A delivered
/// message is announced (event huaweiwwan.sms, the hook directory), listed, read and deleted through ubus and the
/// CLI; a 300-character UCS-2 text goes out as concatenated parts; USSD answers a follow-up menu; the link stays up.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdSmsFlowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static bool LinkUp(RecordedCall c, bool up) =>
        c.Action == 0 && c.Root.TryGetProperty("link-up", out var l) && l.GetBoolean() == up;

    [Fact]
    public async Task Messages_arrive_are_listed_read_deleted_and_sent_and_ussd_answers_while_the_link_stays_up()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Seed = 21 }).WaitAsync(Bound);
        var hooks = Directory.CreateDirectory(Path.Combine(netifd.Root, "etc", "huaweiwwan", "sms.d")).FullName;
        var hookOut = Path.Combine(netifd.Root, "hook.env");
        File.WriteAllText(Path.Combine(hooks, "10-record"), $"#!/bin/sh\nenv | grep -E '^(SMS_|INTERFACE=)' | sort > '{hookOut}.tmp' && mv '{hookOut}.tmp' '{hookOut}'\n");
        File.SetUnixFileMode(Path.Combine(hooks, "10-record"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(hooks, "README"), "not executable: not run\n");

        var env = NetifdSessionFlowTests.SimEnv(sim);
        var setup = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""", env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")),
            new Dictionary<string, string> { ["HUAWEIWWAN_SMS_HOOKS"] = hooks });
        await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        await using var luci = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        for (var i = 0; i < 400 && !sim.CommandLog.Any(c => c.StartsWith("AT+CNMI=", StringComparison.Ordinal)); i++) await Task.Delay(25);

        // Arrival: event and hook.
        sim.Sms.Deliver("+4915198765432", "Ihr Code: 4711");
        var events = await ubusd.WaitForAsync(c => c.Any(x => x.Object == "event" && x.Method == SmsArrivals.EventName), Bound);
        var arrived = events.Single(x => x.Object == "event").Root;
        Assert.Equal("wan", arrived.GetProperty("interface").GetString());
        Assert.Equal("SM:0", arrived.GetProperty("id").GetString());
        Assert.Equal("+4915198765432", arrived.GetProperty("address").GetString());
        Assert.Equal("Ihr Code: 4711", arrived.GetProperty("text").GetString());
        for (var i = 0; i < 400 && !File.Exists(hookOut); i++) await Task.Delay(25);
        var hookEnv = File.ReadAllLines(hookOut);
        Assert.Contains("SMS_TEXT=Ihr Code: 4711", hookEnv);
        Assert.Contains("SMS_ID=SM:0", hookEnv);
        Assert.Contains("SMS_FROM=+4915198765432", hookEnv);
        Assert.Contains("INTERFACE=wan", hookEnv);

        // The CLI finds the one session on ubus.
        var cliEnv = new Dictionary<string, string?> { ["HUAWEIWWAN_UBUS"] = ubusd.SocketPath, ["HUAWEIWWAN_STATEDIR"] = netifd.StateDir };
        async Task<ProcessRunner.Result> Cli(params string[] args) => await ProcessRunner.RunAsync(netifd.Binary, args, Bound, environment: cliEnv);
        var list = await Cli("sms", "list", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        var listed = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal("Ihr Code: 4711", listed.GetProperty("text").GetString());
        var read = await Cli("sms", "read", "SM:0", "--iface", "wan");
        Assert.True(read.ExitCode == 0, read.Stderr);
        Assert.Contains("from:   +4915198765432", read.Stdout);
        Assert.Contains("Ihr Code: 4711", read.Stdout);
        var delete = await Cli("sms", "delete", "SM:0");
        Assert.Equal((0, "deleted SM:0\n"), (delete.ExitCode, delete.Stdout));
        Assert.Equal(0, sim.Sms.Count("SM"));
        var again = await Cli("sms", "delete", "SM:0");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no message SM:0", again.Stderr);

        // Sending through ubus: 300 UCS-2 characters in five parts.
        var text = string.Concat(Enumerable.Repeat("Привет из OpenWrt — ", 15))[..300];
        var args = new BlobWriter();
        args.String("to", "+79161234567");
        args.String("text", text);
        var sent = JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "sms_send", args.ToArray())).ToJson()).RootElement;
        Assert.Equal(5, sent.GetProperty("parts").GetInt32());
        var parts = sim.Sms.Sent.Select(h => Assert.IsType<SmsSubmit>(SmsPduReader.Read(h))).ToList();
        Assert.Equal([1, 2, 3, 4, 5], parts.Select(p => p.UserData.Part!.Sequence));
        Assert.Equal(text, string.Concat(parts.Select(p => p.UserData.Text)));
        Assert.All(parts, p => Assert.Equal(SmsAlphabet.Ucs2, p.UserData.Alphabet));

        // A failing send names the command and the modem's answer.
        sim.Sms.SendFailure = 500;
        var failed = await Cli("sms", "send", "+79161234567", "hi");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("sending the message: AT+CMGS=15 answered +CMS ERROR: 500 (unknown error)", failed.Stderr);

        // USSD with a follow-up menu.
        var menu = await Cli("ussd", "*123#");
        Assert.True(menu.ExitCode == 0, menu.Stderr);
        Assert.Contains("Bundles: 1 Data 2 Voice 0 Exit", menu.Stdout);
        Assert.Contains("the network waits for an answer", menu.Stdout);
        var answer = await Cli("ussd", "--answer", "1", "--json");
        Assert.True(answer.ExitCode == 0, answer.Stderr);
        var reply = JsonDocument.Parse(answer.Stdout).RootElement;
        Assert.Equal(("done", "Data: 2048 MB left until 31.12."), (reply.GetProperty("status").GetString(), reply.GetProperty("text").GetString()));

        // All the while: one link-up, no link-down, the call still up.
        Assert.DoesNotContain(ubusd.Notifications("wan"), x => LinkUp(x, false));
        Assert.Single(ubusd.Notifications("wan"), x => LinkUp(x, true));
        Assert.Equal(WwanProto.ModemSim.Engine.NdisState.Connected, sim.NdisState);
        var log = await TeardownAsync(netifd, ubusd, task, env);
        Assert.DoesNotContain("Ihr Code", log); // message texts are not logged
    }

    private static async Task<string> TeardownAsync(NetifdHarness netifd, UbusdDouble ubusd, NetifdProtoTask task, Dictionary<string, string> env)
    {
        ubusd.SetTearingDown("wan", true);
        Assert.Equal(0, (await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env)).Exit);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(Bound));
        return await task.StderrAsync();
    }
}
