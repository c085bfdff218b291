using System.Text.Json;
using WwanProto.Core;
using WwanProto.Core.At;
using WwanProto.Core.Config;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// procd respawns a dead ubusd on the same socket path; the session's ubus client must connect again,
/// publish its status object again, and get its link state (and any notify made meanwhile) to netifd.
/// "ubusd died" = the double disposed (every client sees EOF); "respawned" = a new double on the same path.
/// </summary>
public sealed class UbusdRestartTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _root = Directory.CreateTempSubdirectory("ubusd-restart-").FullName;
    private readonly List<string> _log = [];
    private string Socket => Path.Combine(_root, "ubus.sock");
    private SystemPaths Paths => new(_root, _root, Path.Combine(_root, "state"), _root);

    private UbusClient Client() => new(Socket, TimeSpan.FromSeconds(5), l => { lock (_log) _log.Add(l); })
    {
        // Short backoff keeps the test quick; the bound on a caller's wait stays generous.
        MinBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        ReconnectWithin = Bound,
    };

    private static ModemStatus Status => new() { Imei = "861821035707675", ControlPort = "/dev/ttyUSB2", LinkType = "ncm", State = "connected" };

    private static UbusStatusObject StatusObject() => new("wan", () => Status,
        cmd => Task.FromResult(new AtResponse(cmd, ["+CSQ: 20,99"], AtFinal.Ok, "OK")));

    private static async Task<JsonElement> CallStatusAsync(string socket)
    {
        await using var luci = await UbusConnection.ConnectAsync(socket, TimeSpan.FromSeconds(5));
        return JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "status", BlobmsgJson.FromJson("{}"))).ToJson()).RootElement;
    }

    private static TaskCompletionSource Reconnection(UbusClient client)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += (afterLoss, _) =>
        {
            if (afterLoss) tcs.TrySetResult();
            return Task.CompletedTask;
        };
        return tcs;
    }

    [Fact]
    public async Task The_status_object_is_published_again_on_the_respawned_ubusd_and_answers()
    {
        var first = new UbusdDouble(Socket);
        await using var client = Client();
        var reconnected = Reconnection(client);
        client.KeepConnected();
        using var cts = new CancellationTokenSource(Bound);
        await client.PublishAsync(StatusObject().Object, cts.Token);
        await client.ConnectionAsync(cts.Token);
        Assert.Equal("861821035707675", (await CallStatusAsync(Socket)).GetProperty("imei").GetString());

        await first.DisposeAsync();
        await using var second = new UbusdDouble(Socket);
        await reconnected.Task.WaitAsync(Bound);
        Assert.NotEqual(0u, second.ObjectId("huaweiwwan.wan"));
        Assert.Equal("861821035707675", (await CallStatusAsync(Socket)).GetProperty("imei").GetString());
        Assert.Equal(1, client.Reconnects);
        lock (_log)
        {
            Assert.Single(_log, l => l.Contains("connection to ubusd lost", StringComparison.Ordinal));
            Assert.Single(_log, l => l.Contains("connected to ubusd again", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_notify_made_while_ubusd_is_down_arrives_at_the_respawned_one()
    {
        var first = new UbusdDouble(Socket, "wan");
        await using var notifier = new NetifdNotifier("wan", Client());
        notifier.Client.KeepConnected();
        using var cts = new CancellationTokenSource(Bound);
        await notifier.NotifyAsync(NotifyMessages.Available("wan", true), cts.Token);
        Assert.Single(first.Notifications("wan"));

        var old = await notifier.Client.ConnectionAsync(cts.Token);
        await first.DisposeAsync();
        await old.Closed.WaitAsync(Bound);
        // ubusd is down now: the notify waits for the respawned one instead of failing.
        var pending = notifier.NotifyAsync(NotifyMessages.Error("wan", "NO_DEVICE", []), cts.Token);
        await using var second = new UbusdDouble(Socket, "wan");
        await pending.WaitAsync(Bound);
        var call = Assert.Single(second.Notifications("wan"));
        Assert.Equal("NO_DEVICE", call.Root.GetProperty("error")[0].GetString());
    }

    [Fact]
    public async Task The_reporter_tells_the_respawned_ubusd_the_link_is_up_without_a_new_event()
    {
        var first = new UbusdDouble(Socket, "wan");
        var client = Client();
        var reconnected = Reconnection(client);
        client.KeepConnected();
        await using var reporter = new NetifdReporter(new NetifdNotifier("wan", client), new InterfaceOptions { Dhcp = true }, Paths, "wan", l => { lock (_log) _log.Add(l); });
        using var cts = new CancellationTokenSource(Bound);
        await reporter.LinkUpAsync(new LinkUp("wwan0", null, null, true, false, Status), cts.Token);
        Assert.Equal(["notify_proto", "add_dynamic"], first.Calls.Select(c => c.Method));

        await first.DisposeAsync();
        await using var second = new UbusdDouble(Socket, "wan");
        var calls = await second.WaitForAsync(c => c.Any(x => x.Method == "add_dynamic"), Bound);
        Assert.Equal(["notify_proto", "add_dynamic"], calls.Select(c => c.Method));
        Assert.True(calls[0].Root.GetProperty("link-up").GetBoolean());
        Assert.Equal("wwan0", calls[0].Root.GetProperty("ifname").GetString());
        Assert.Equal("wan_4", calls[1].Root.GetProperty("name").GetString());
        await reconnected.Task.WaitAsync(Bound);
    }

    [Fact]
    public async Task The_link_state_waits_for_netifd_to_be_back_on_the_respawned_ubusd()
    {
        var first = new UbusdDouble(Socket, "wan");
        var client = Client();
        client.KeepConnected();
        await using var reporter = new NetifdReporter(new NetifdNotifier("wan", client), new InterfaceOptions(), Paths, null, l => { lock (_log) _log.Add(l); });
        using var cts = new CancellationTokenSource(Bound);
        await reporter.LinkUpAsync(new LinkUp("wwan0", new IpConfig("10.1.2.3", 30, "10.1.2.1", []), null, false, false, Status), cts.Token);

        var reconnected = Reconnection(client);
        await first.DisposeAsync();
        // netifd reconnects on its own timer: its interface object appears on the new ubusd after we are back.
        await using var second = new UbusdDouble(Socket);
        await reconnected.Task.WaitAsync(Bound);
        second.AddInterface("wan");
        var calls = await second.WaitForAsync(c => c.Any(x => x.Action == 0), Bound);
        Assert.True(calls.Single(x => x.Action == 0).Root.GetProperty("link-up").GetBoolean());
    }

    [Fact]
    public async Task A_link_up_made_before_ubusd_ever_came_is_sent_once_it_does()
    {
        var client = new UbusClient(Socket, TimeSpan.FromSeconds(5), l => { lock (_log) _log.Add(l); })
        {
            MinBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            // The session's link-up gives up waiting quickly here, so only the catch-up on connecting can deliver it.
            ReconnectWithin = TimeSpan.FromMilliseconds(100),
        };
        client.KeepConnected();
        await using var reporter = new NetifdReporter(new NetifdNotifier("wan", client), new InterfaceOptions(), Paths, null, l => { lock (_log) _log.Add(l); });
        using var cts = new CancellationTokenSource(Bound);
        await reporter.LinkUpAsync(new LinkUp("wwan0", new IpConfig("10.1.2.3", 30, "10.1.2.1", []), null, false, false, Status), cts.Token);
        lock (_log) Assert.Contains(_log, l => l.Contains("could not tell netifd link-up", StringComparison.Ordinal));

        await using var ubusd = new UbusdDouble(Socket, "wan");
        var calls = await ubusd.WaitForAsync(c => c.Any(x => x.Action == 0), Bound);
        Assert.True(calls.Single(x => x.Action == 0).Root.GetProperty("link-up").GetBoolean());
        Assert.Equal(0, client.Reconnects);
    }

    [Fact]
    public async Task Disposing_the_client_while_ubusd_is_gone_ends_the_loop_and_the_waiting_caller()
    {
        await using (new UbusdDouble(Socket))
        {
        }
        var failing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new UbusClient(Socket, TimeSpan.FromSeconds(5), l =>
        {
            lock (_log) _log.Add(l);
            if (l.Contains("cannot reach ubusd", StringComparison.Ordinal)) failing.TrySetResult();
        }) { MinBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100), ReconnectWithin = TimeSpan.FromMinutes(5) };
        client.KeepConnected();
        var waiting = client.ConnectionAsync(CancellationToken.None);
        await failing.Task.WaitAsync(Bound);
        await client.DisposeAsync().AsTask().WaitAsync(Bound);
        var e = await Assert.ThrowsAsync<UbusException>(() => waiting.WaitAsync(Bound));
        Assert.Equal(UbusStatus.ConnectionFailed, e.Status);
        lock (_log) Assert.Single(_log, l => l.Contains("cannot reach ubusd", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
