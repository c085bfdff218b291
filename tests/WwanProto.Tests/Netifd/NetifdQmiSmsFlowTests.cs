using System.Text.Json;
using WwanProto.Core.Sms;
using WwanProto.Core.Ubus;
using WwanProto.ModemSim;
using WwanProto.Tests.Packaging;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// SMS and USSD under netifd on the E392 in QMI mode, end to end: the real `huaweiwwan session` as the proto task
/// with its QMI link up, messages through WMS and USSD through VOICE on the session's own cdc-wdm (no AT messaging
/// command is sent), ubus through the ubusd double and the `huaweiwwan sms` / `ussd` CLI as a person runs it. A
/// delivered message is announced, listed, read and deleted; a 300-character UCS-2 text goes out as five
/// concatenated parts; USSD answers a follow-up menu; the link stays up throughout.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdQmiSmsFlowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static bool LinkUp(RecordedCall c, bool up) =>
        c.Action == 0 && c.Root.TryGetProperty("link-up", out var l) && l.GetBoolean() == up;

    [Fact]
    public async Task Messages_and_ussd_go_through_wms_and_voice_while_the_qmi_link_stays_up()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e392", RegistrationDelay = TimeSpan.FromMilliseconds(100), NdisConnectDelay = TimeSpan.FromMilliseconds(100),
        }).WaitAsync(Bound);
        var env = NetifdSessionFlowTests.SimEnv(sim);
        var setup = await netifd.ActionAsync("setup", "wan", """{"proto":"huaweiwwan","apn":"internet","device":"1-1"}""", env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")));
        await ubusd.WaitForAsync(c => c.Any(x => LinkUp(x, true)), Bound);
        Assert.Contains(sim.QmiLog, l => l.StartsWith("WDS Start Network", StringComparison.Ordinal));
        await using var luci = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        for (var i = 0; i < 400 && !sim.QmiLog.Any(l => l.StartsWith("WMS Set Event Report", StringComparison.Ordinal)); i++) await Task.Delay(25);

        // Arrival: the ubus event, from the WMS Event Report.
        sim.Sms.Deliver("+4915198765432", "Ihr Code: 4711");
        var events = await ubusd.WaitForAsync(c => c.Any(x => x.Object == "event" && x.Method == SmsArrivals.EventName), Bound);
        var arrived = events.Single(x => x.Object == "event").Root;
        Assert.Equal(("wan", "SM:0", "Ihr Code: 4711"), (arrived.GetProperty("interface").GetString(), arrived.GetProperty("id").GetString(), arrived.GetProperty("text").GetString()));

        // The CLI finds the one session on ubus.
        var cliEnv = new Dictionary<string, string?> { ["HUAWEIWWAN_UBUS"] = ubusd.SocketPath, ["HUAWEIWWAN_STATEDIR"] = netifd.StateDir };
        async Task<ProcessRunner.Result> Cli(params string[] args) => await ProcessRunner.RunAsync(netifd.Binary, args, Bound, environment: cliEnv);
        var list = await Cli("sms", "list", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        var listed = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal(("Ihr Code: 4711", "unread"), (listed.GetProperty("text").GetString(), listed.GetProperty("status").GetString()));
        var read = await Cli("sms", "read", "SM:0");
        Assert.True(read.ExitCode == 0, read.Stderr);
        Assert.Contains("from:   +4915198765432", read.Stdout);
        Assert.Contains(sim.QmiLog, l => l.StartsWith("WMS Modify Tag", StringComparison.Ordinal));
        var delete = await Cli("sms", "delete", "SM:0");
        Assert.Equal((0, "deleted SM:0\n"), (delete.ExitCode, delete.Stdout));
        Assert.Equal(0, sim.Sms.Count("SM"));

        // Sending through ubus: 300 UCS-2 characters in five parts, each a Raw Send of the PDU with its SMSC field.
        var text = string.Concat(Enumerable.Repeat("Привет из OpenWrt — ", 15))[..300];
        var args = new BlobWriter();
        args.String("to", "+79161234567");
        args.String("text", text);
        var sent = JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "sms_send", args.ToArray())).ToJson()).RootElement;
        Assert.Equal(5, sent.GetProperty("parts").GetInt32());
        Assert.Equal(5, sim.QmiLog.Count(l => l.StartsWith("WMS Raw Send", StringComparison.Ordinal)));
        var parts = sim.Sms.Sent.Select(h => Assert.IsType<SmsSubmit>(SmsPduReader.Read(h))).ToList();
        Assert.Equal([1, 2, 3, 4, 5], parts.Select(p => p.UserData.Part!.Sequence));
        Assert.Equal(text, string.Concat(parts.Select(p => p.UserData.Text)));

        // A refused send names the WMS message, the QMI error and the network's cause.
        sim.Sms.SendFailure = 38;
        var failed = await Cli("sms", "send", "+79161234567", "hi");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("sending the message: WMS Raw Send: WmsCauseCode (QMI error 54) (RP cause 38 (network out of order), permanent)", failed.Stderr);

        // USSD with a follow-up menu, over VOICE.
        var menu = await Cli("ussd", "*123#");
        Assert.True(menu.ExitCode == 0, menu.Stderr);
        Assert.Contains("Bundles: 1 Data 2 Voice 0 Exit", menu.Stdout);
        Assert.Contains("the network waits for an answer", menu.Stdout);
        var answer = await Cli("ussd", "--answer", "1", "--json");
        Assert.True(answer.ExitCode == 0, answer.Stderr);
        var reply = JsonDocument.Parse(answer.Stdout).RootElement;
        Assert.Equal(("done", "Data: 2048 MB left until 31.12."), (reply.GetProperty("status").GetString(), reply.GetProperty("text").GetString()));
        Assert.Contains(sim.QmiLog, l => l.StartsWith("VOICE Answer USSD", StringComparison.Ordinal));

        // All the while: one link-up, no link-down, the call up, and no AT messaging command.
        Assert.DoesNotContain(ubusd.Notifications("wan"), x => LinkUp(x, false));
        Assert.Single(ubusd.Notifications("wan"), x => LinkUp(x, true));
        Assert.Equal(WwanProto.ModemSim.Engine.NdisState.Connected, sim.NdisState);
        Assert.DoesNotContain(sim.CommandLog, c => c.StartsWith("AT+CMG", StringComparison.Ordinal) || c.StartsWith("AT+CUSD", StringComparison.Ordinal));

        ubusd.SetTearingDown("wan", true);
        Assert.Equal(0, (await netifd.ActionAsync("teardown", "wan", """{"proto":"huaweiwwan"}""", env)).Exit);
        task.Terminate();
        Assert.Equal(0, await task.ExitAsync(Bound));
        Assert.DoesNotContain("Ihr Code", await task.StderrAsync()); // message texts are not logged
        Assert.Empty(sim.QmiClients); // the WMS and VOICE clients were given back with the others
    }
}
