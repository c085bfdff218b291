using WwanProto.Core.HiLink;
using WwanProto.Core.Sms;
using Xunit;

namespace WwanProto.Tests.HiLink;

/// <summary>
/// SMS and USSD through the simulated stick's web API (/api/sms/*, /api/ussd/*), over real sockets in a test
/// namespace: what the network delivered is listed, read and deleted; long texts go out (the firmware splits them);
/// the firmware's failures come back naming the call and its error code; USSD menus are answered and released.
/// </summary>
public sealed class HiLinkMessagingTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static async Task<(HiLinkRig Rig, HiLinkMessaging Sms)> StartAsync()
    {
        var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        // The stick registers shortly after its SIM is ready; sends and USSD need the network.
        var deadline = DateTime.UtcNow + Bound;
        while ((await api.StatusAsync(None)).ServiceStatus != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the simulated stick did not register");
            await Task.Delay(50);
        }
        return (rig, new HiLinkMessaging(api.Client, "http://192.168.8.1", TimeSpan.FromMilliseconds(100), line => { lock (rig.Log) rig.Log.Add(line); }));
    }

    [Fact]
    public async Task Delivered_messages_are_listed_joined_read_and_deleted()
    {
        var (rig, sms) = await StartAsync();
        await using var _ = rig;
        await using var __ = sms;
        rig.Sim.Sms.Deliver("+4915198765432", "Ihr Code: 4711");
        var long7 = string.Concat(Enumerable.Repeat("Roaming in CH: 1 MB = 0.50 EUR. ", 7));
        rig.Sim.Sms.Deliver("+4922", long7);

        var list = await sms.ListAsync(None);
        Assert.Equal(2, list.Count);
        var code = Assert.Single(list, m => m.Text == "Ihr Code: 4711");
        Assert.Equal(("ME:40000", "unread", "deliver", "+4915198765432"), (code.Id, code.Status, code.Kind, code.Address));
        var joined = Assert.Single(list, m => m.Address == "+4922");
        Assert.Equal(long7, joined.Text); // the firmware joined the two parts
        Assert.Equal(2, joined.Parts);
        // The firmware counts messages, not parts.
        Assert.Equal([new SmsStorageUse("ME", 2, 500), new SmsStorageUse("SM", 0, 30)], await sms.StorageAsync(None));

        var read = await sms.ReadAsync("ME:40000", None);
        Assert.Equal("read", read!.Status);
        Assert.Equal("read", (await sms.ReadAsync("40000", None))!.Status);
        Assert.Contains(rig.Sim.HiLink.Log, l => l == "POST /api/sms/set-read -> ok");
        Assert.Null(await sms.ReadAsync("ME:40077", None));

        Assert.True(await sms.DeleteAsync(joined.Id, None));
        Assert.True(await sms.DeleteAsync("ME:40000", None));
        Assert.False(await sms.DeleteAsync("ME:40000", None));
        Assert.Equal(0, rig.Sim.Sms.Count("ME"));
        Assert.Empty(await sms.ListAsync(None));
        var bad = await Assert.ThrowsAsync<MessagingException>(() => sms.ReadAsync("XX:1", None));
        Assert.Equal("INVALID_ARGUMENT", bad.Code);
    }

    [Fact]
    public async Task A_300_character_ucs2_text_is_sent_and_kept_in_the_sent_box()
    {
        var (rig, sms) = await StartAsync();
        await using var _ = rig;
        await using var __ = sms;
        var text = string.Concat(Enumerable.Repeat("Grüße — ✓ ", 30))[..300];
        var sent = await sms.SendAsync("+4917612345678", text, false, None);
        Assert.Equal(("+4917612345678", 5), (sent.Recipient, sent.Parts));
        // What reached the network: five concatenated UCS-2 parts (the firmware's split) carrying the text.
        var parts = rig.Sim.Sms.Sent.Select(h => Assert.IsType<SmsSubmit>(SmsPduReader.Read(h))).ToList();
        Assert.Equal(5, parts.Count);
        Assert.All(parts, p => Assert.Equal(SmsAlphabet.Ucs2, p.UserData.Alphabet));
        Assert.Equal(text, string.Concat(parts.Select(p => p.UserData.Text)));
        var copy = Assert.Single(await sms.ListAsync(None));
        Assert.Equal(("sent", "submit", text, SmsAlphabet.Ucs2), (copy.Status, copy.Kind, copy.Text, copy.Alphabet));
        Assert.Contains(rig.Sim.HiLink.Log, l => l == "GET /api/sms/send-status -> ok");

        var report = await Assert.ThrowsAsync<MessagingException>(() => sms.SendAsync("+4917612345678", "x", true, None));
        Assert.Equal("NOT_AVAILABLE", report.Code);
    }

    [Fact]
    public async Task Send_failures_name_the_call_and_the_firmwares_answer()
    {
        var (rig, sms) = await StartAsync();
        await using var _ = rig;
        await using var __ = sms;
        rig.Sim.Sms.SendFailure = 38;
        var failed = await Assert.ThrowsAsync<MessagingException>(() => sms.SendAsync("+4917612345678", "hi", false, None));
        Assert.Equal("the stick could not send the message to +4917612345678: GET /api/sms/send-status answered FailPhone +4917612345678", failed.Message);
        Assert.Equal("SMS_FAILED", failed.Code);
        rig.Sim.Sms.SendFailure = null;

        // Its memory full: the stick refuses the send (it keeps a copy of every sent message) and says the memory is full.
        rig.Sim.Sms.SetCapacity("ME", 3);
        rig.Sim.Sms.Fill("ME", 3);
        var full = await Assert.ThrowsAsync<MessagingException>(() => sms.SendAsync("+4917612345678", "hi", false, None));
        Assert.Equal("POST /api/sms/send-sms answered error 113053 (SMS: the stick's message storage is full)", full.Message);
        Assert.True((await new HiLinkSmsApi(rig.Api().Client).NotificationsAsync(None)).SmsStorageFull);
        rig.Sim.Sms.Deliver("+4915198765432", "lost");
        Assert.Single(rig.Sim.Sms.Refused);

        var bad = await Assert.ThrowsAsync<MessagingException>(() => sms.SendAsync("+49 176", "hi", false, None));
        Assert.Equal("INVALID_ARGUMENT", bad.Code);
    }

    [Fact]
    public async Task A_hundred_and_twenty_messages_are_read_page_by_page()
    {
        var (rig, sms) = await StartAsync();
        await using var _ = rig;
        await using var __ = sms;
        rig.Sim.Sms.Fill("ME", 120);
        var list = await sms.ListAsync(None);
        Assert.Equal(120, list.Count);
        Assert.Equal(120, list.Select(m => m.Id).Distinct().Count());
        Assert.All(list, m => Assert.StartsWith("Old message ", m.Text, StringComparison.Ordinal));
        // Three pages of the inbox (50, 50, 20) and one of the sent box.
        Assert.Equal(4, rig.Sim.HiLink.Log.Count(l => l == "POST /api/sms/sms-list -> ok"));
    }

    [Fact]
    public async Task Ussd_answers_a_menu_follow_up_and_is_released()
    {
        var (rig, sms) = await StartAsync();
        await using var _ = rig;
        await using var __ = sms;
        var balance = await sms.UssdAsync("*100#", None);
        Assert.Equal(("open", "Balance: 12.34 EUR, valid until 31.12.2026", true), (balance.Status, balance.Text, balance.ExpectsAnswer));
        // The answer takes a moment: ussd/get said 111019 (not yet) before it came.
        Assert.Contains(rig.Sim.HiLink.Log, l => l == "GET /api/ussd/get -> error 111019");
        await sms.UssdCancelAsync(None);

        Assert.Equal("Bundles: 1 Data 2 Voice 0 Exit", (await sms.UssdAsync("*123#", None)).Text);
        Assert.Equal("Data: 2048 MB left until 31.12.", (await sms.UssdAsync("1", None)).Text);
        await sms.UssdCancelAsync(None);
        Assert.False(sms.UssdOpen);
        Assert.Equal(2, rig.Sim.HiLink.Log.Count(l => l == "GET /api/ussd/release -> ok"));

        var bad = await Assert.ThrowsAsync<MessagingException>(() => sms.UssdAsync("*100#✓", None));
        Assert.Equal("INVALID_ARGUMENT", bad.Code);
    }

    [Fact]
    public async Task New_messages_are_announced_only_while_someone_listens()
    {
        var (rig, sms) = await StartAsync();
        await using var _ = rig;
        await using var __ = sms;
        rig.Sim.Sms.Deliver("+4911", "already there");
        Assert.Empty(Looks(rig));
        var arrived = new TaskCompletionSource<SmsMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReceived(SmsMessage m) => arrived.TrySetResult(m);
        sms.Received += OnReceived;
        // The first look takes what is unread as known; only what comes after it is new.
        await WaitAsync(() => Looks(rig).Count >= 2);
        rig.Sim.Sms.Deliver("+4915198765432", "Ihr Code: 4711");
        var message = await arrived.Task.WaitAsync(Bound);
        Assert.Equal(("+4915198765432", "Ihr Code: 4711", "ME:40001"), (message.Address, message.Text, message.Id));

        Assert.True(sms.Watching);
        sms.Received -= OnReceived;
        Assert.False(sms.Watching);
    }

    [Fact]
    public async Task A_session_the_stick_forgot_is_renewed_for_messaging_too()
    {
        var (rig, sms) = await StartAsync();
        await using var _ = rig;
        await using var __ = sms;
        rig.Sim.Sms.Deliver("+4915198765432", "x");
        rig.Sim.HiLink.ExpireSessions();
        Assert.Single(await sms.ListAsync(None));
        Assert.Contains(rig.Sim.HiLink.Log, l => l == "POST /api/sms/sms-list -> error 125002");
    }

    private static List<string> Looks(HiLinkRig rig) =>
        rig.Sim.HiLink.Log.Where(l => l.StartsWith("GET /api/monitoring/check-notifications", StringComparison.Ordinal)).ToList();

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within the bound");
            await Task.Delay(20);
        }
    }
}
