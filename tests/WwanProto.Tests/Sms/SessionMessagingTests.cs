using System.Text.Json;
using WwanProto.Core.Sms;
using WwanProto.Core.Ubus;
using WwanProto.ModemSim;
using WwanProto.Tests.Session;
using Xunit;

namespace WwanProto.Tests.Sms;

/// <summary>
/// Messaging inside a running session (the production connector, channel and NCM link on the simulator): it
/// queues on the session's own AT channel, announces arrivals once connected, answers through the ubus methods,
/// and never disturbs the link or the registration watch, even while 100 stored messages are listed again and again.
/// </summary>
public sealed class SessionMessagingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static bool IsWatchQuery(string command) => command is "AT+CEREG?" or "AT+CGREG?" or "AT+CREG?";

    [Fact(Timeout = 120000)]
    public async Task Listing_100_messages_leaves_the_link_up_and_the_registration_watch_querying()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Seed = 11 });
        await run.Reporter.WaitUpAsync(1, Bound);
        run.Sim.Sms.Fill("ME", 100);

        // List again and again until the watch has made two of its periodic queries after the first listing began,
        // then once more: those queries had to queue between the listings' +CPMS/+CMGL on the one channel.
        var start = run.Sim.CommandLog.Count;
        List<string> During() => run.Sim.CommandLog.Skip(start).ToList();
        int WatchQueriesSinceFirstListing() => During() is var d && d.IndexOf("AT+CMGL=4") is var f and >= 0 ? d.Skip(f).Count(IsWatchQuery) : 0;
        var listings = 0;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        async Task ListAsync()
        {
            var messages = await run.Session.Messaging.ListAsync(bound.Token);
            Assert.Equal(100, messages.Count(m => m.Storage == "ME"));
            listings++;
        }
        while (listings < 3 || WatchQueriesSinceFirstListing() < 2) await ListAsync();
        await ListAsync();

        var during = During();
        var firstList = during.IndexOf("AT+CMGL=4");
        var lastList = during.LastIndexOf("AT+CMGL=4");
        Assert.True(during[firstList..lastList].Count(IsWatchQuery) >= 2, string.Join(" ; ", during));
        Assert.Single(run.Reporter.Ups);
        Assert.Empty(run.Reporter.Downs);
        Assert.Equal(WwanProto.ModemSim.Engine.NdisState.Connected, run.Sim.NdisState);
        Assert.Equal("connected", run.Reporter.LastStatus!.State);
    }

    [Fact(Timeout = 120000)]
    public async Task An_arrival_while_connected_is_announced_and_the_ubus_methods_answer_for_it()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Seed = 12 });
        var arrived = new TaskCompletionSource<SmsMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.Session.Messaging.Received += m => arrived.TrySetResult(m);
        await run.Reporter.WaitUpAsync(1, Bound);
        // The session turns indications on after connecting: wait until the modem has them.
        for (var i = 0; i < 200 && !run.Sim.CommandLog.Any(c => c.StartsWith("AT+CNMI=", StringComparison.Ordinal)); i++) await Task.Delay(25);

        run.Sim.Sms.Deliver("+4915198765432", "Dein Guthaben: 5,00 EUR");
        var m = await arrived.Task.WaitAsync(Bound);
        Assert.Equal(("SM:0", "+4915198765432", "Dein Guthaben: 5,00 EUR"), (m.Id, m.Address, m.Text));

        var methods = MessagingUbus.Methods(run.Session.Messaging);
        async Task<(UbusStatus Status, JsonElement Data)> Call(string method, string args)
        {
            var r = await methods.Single(x => x.Name == method).Handler(new UbusRequest(method, BlobmsgJson.FromJson(args), 0), CancellationToken.None);
            return (r.Status, JsonDocument.Parse(BlobmsgJson.ToJson(r.Data ?? [])).RootElement);
        }
        var (status, list) = await Call("sms_list", "{}");
        Assert.Equal(UbusStatus.Ok, status);
        var listed = Assert.Single(list.GetProperty("messages").EnumerateArray());
        Assert.Equal("SM:0", listed.GetProperty("id").GetString());
        Assert.Equal("2026-12-04T07:30:00+01:00", listed.GetProperty("time").GetString());
        Assert.Contains(list.GetProperty("storage").EnumerateArray(), s => s.GetProperty("name").GetString() == "SM" && s.GetProperty("used").GetInt32() == 1);

        var (missing, error) = await Call("sms_read", """{"id":"SM:9"}""");
        Assert.Equal(UbusStatus.NotFound, missing);
        Assert.Equal("no message SM:9", error.GetProperty("error").GetString());
        var (bad, why) = await Call("sms_send", """{"to":"0176 1234","text":"x"}""");
        Assert.Equal(UbusStatus.InvalidArgument, bad);
        Assert.Contains("'0176 1234' is not a phone number", why.GetProperty("error").GetString());

        var (ussd, menu) = await Call("ussd", """{"code":"*123#"}""");
        Assert.Equal(UbusStatus.Ok, ussd);
        Assert.True(menu.GetProperty("expects_answer").GetBoolean());
        var (_, answer) = await Call("ussd", """{"answer":"2"}""");
        Assert.Equal("Voice: 100 min left", answer.GetProperty("text").GetString());

        Assert.Equal(UbusStatus.Ok, (await Call("sms_delete", """{"id":"SM:0"}""")).Status);
        Assert.Equal(0, run.Sim.Sms.Count("SM"));
        Assert.Empty(run.Reporter.Downs);
    }

    [Fact]
    public async Task Without_an_open_modem_requests_say_why()
    {
        await using var messaging = new SessionMessaging(() => null, () => new WwanProto.Core.Session.ModemStatus(), () => "backing-off", TimeSpan.FromSeconds(1), _ => { });
        var e = await Assert.ThrowsAsync<MessagingException>(() => messaging.ListAsync(CancellationToken.None));
        Assert.Equal(("NOT_AVAILABLE", "no modem open (session backing-off)"), (e.Code, e.Message));
    }
}
