using WwanProto.Core.Qmi;
using WwanProto.Core.Sms;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Sms;

/// <summary>
/// SMS and USSD over QMI WMS/VOICE against the simulated E392 (its WMS and VOICE services over the same SIM and
/// modem memories and network as its AT side), through the session's kind of QMI device: stored messages across UIM
/// and NV, read marks every part read, delete removes every part, long texts go out as concatenated parts with the
/// SMSC field as WMS takes it, arrivals from Event Report indications (stored and transfer-route), delivery reports,
/// send failures with the WMS cause, a full memory, and USSD with a follow-up menu.
/// </summary>
public sealed class QmiMessagingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private sealed class Rig : IAsyncDisposable
    {
        public required SimulatedModem Sim { get; init; }
        public required QmiModem Qmi { get; init; }
        public required QmiMessaging Messaging { get; init; }
        public List<string> Log { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await Messaging.DisposeAsync();
            await Qmi.DisposeAsync();
            await Sim.DisposeAsync();
        }
    }

    private static async Task<Rig> StartAsync()
    {
        var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e392", RegistrationDelay = TimeSpan.FromMilliseconds(50) }).WaitAsync(Bound);
        var log = new List<string>();
        var qmi = await QmiModem.OpenAsync(sim.Paths.Dev("cdc-wdm0"), null, TimeSpan.FromSeconds(5), l => { lock (log) log.Add(l); }, CancellationToken.None);
        var rig = new Rig { Sim = sim, Qmi = qmi, Messaging = new QmiMessaging(qmi, TimeSpan.FromSeconds(5), l => { lock (log) log.Add(l); }) };
        var deadline = DateTime.UtcNow + Bound;
        while (NasMessages.ReadServingSystem(await qmi.CallAsync(QmiService.Nas, NasMessages.GetServingSystem(), CancellationToken.None))?.Registration
               != NasMessages.RegistrationState.Registered)
        {
            Assert.True(DateTime.UtcNow < deadline, "not registered");
            await Task.Delay(25);
        }
        return rig;
    }

    private static Task<T> Within<T>(TaskCompletionSource<T> tcs) => tcs.Task.WaitAsync(Bound);

    [Fact]
    public async Task Stored_messages_are_listed_across_uim_and_nv_read_marks_every_part_and_delete_removes_every_part()
    {
        await using var rig = await StartAsync();
        var longText = string.Concat(Enumerable.Repeat("Ihr Datenvolumen ist bald aufgebraucht. ", 5)); // 200 septets: two parts
        rig.Sim.Sms.Deliver("+4915198765432", longText);
        rig.Sim.Sms.Fill("ME", 3);

        var listed = await rig.Messaging.ListAsync(CancellationToken.None);
        var sim = Assert.Single(listed, m => m.Storage == "SM");
        Assert.Equal(("SM:0", "unread", 2, true, longText), (sim.Id, sim.Status, sim.Parts, sim.Complete, sim.Text));
        Assert.Equal([0, 1], sim.Indices);
        Assert.Equal(3, listed.Count(m => m.Storage == "ME" && m.Status == "read"));
        // Listing is Raw Read, which leaves the tag: still unread on the modem.
        Assert.Equal("unread", Assert.Single(await rig.Messaging.ListAsync(CancellationToken.None), m => m.Storage == "SM").Status);

        var read = await rig.Messaging.ReadAsync("SM:1", CancellationToken.None);
        Assert.Equal(("SM:0", "read", longText), (read!.Id, read.Status, read.Text));
        Assert.Equal(2, rig.Sim.QmiLog.Count(l => l.StartsWith("WMS Modify Tag", StringComparison.Ordinal)));
        Assert.Equal("read", Assert.Single(await rig.Messaging.ListAsync(CancellationToken.None), m => m.Storage == "SM").Status);

        var use = await rig.Messaging.StorageAsync(CancellationToken.None);
        Assert.Equal([new SmsStorageUse("SM", 2, 30), new SmsStorageUse("ME", 3, 200)], use);

        Assert.True(await rig.Messaging.DeleteAsync("SM:0", CancellationToken.None));
        Assert.Equal(0, rig.Sim.Sms.Count("SM"));
        Assert.False(await rig.Messaging.DeleteAsync("SM:0", CancellationToken.None));
        Assert.Null(await rig.Messaging.ReadAsync("ME:9", CancellationToken.None));
        var bad = await Assert.ThrowsAsync<MessagingException>(() => rig.Messaging.ReadAsync("XX:1", CancellationToken.None));
        Assert.Equal("INVALID_ARGUMENT", bad.Code);
    }

    [Fact]
    public async Task Arrivals_are_announced_from_event_reports_once_complete_and_routed_ones_are_acknowledged()
    {
        await using var rig = await StartAsync();
        var arrived = new List<SmsMessage>();
        var two = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Messaging.Received += m => { lock (arrived) { arrived.Add(m); if (arrived.Count == 2) two.TrySetResult(true); } };
        await rig.Messaging.EnableNotificationsAsync(CancellationToken.None);
        Assert.Contains("WMS Set Event Report (cid 1)", rig.Sim.QmiLog);
        // The default routes stored but did not hand over status reports: the routes were set, storing into the SIM as before.
        Assert.Contains(rig.Sim.QmiLog, l => l.StartsWith("WMS Set Routes", StringComparison.Ordinal));

        var text = string.Concat(Enumerable.Repeat("Привет! ", 12)); // 96 UCS-2 units: two parts
        rig.Sim.Sms.Deliver("+79161234567", text);
        // A transfer-only route (set by another program): the next message is handed over, not stored.
        var wms = await rig.Qmi.ClientAsync(QmiService.Wms, CancellationToken.None);
        WmsMessages.Route[] transfer = [new(0, 0, WmsMessages.Storage.None, WmsMessages.ReceiptAction.TransferOnly), new(0, 1, WmsMessages.Storage.None, WmsMessages.ReceiptAction.TransferOnly)];
        await rig.Qmi.Device.CallAsync(wms, WmsMessages.SetRoutes(transfer, true), Bound);
        rig.Sim.Sms.Deliver("+4915198765432", "Ihr Code: 4711");
        await Within(two);

        SmsMessage[] got;
        lock (arrived) got = [.. arrived];
        // The stored one is read first (Raw Read of each part), the routed one is told at once: either may come first.
        var stored = Assert.Single(got, m => m.Id.Length > 0);
        Assert.Equal(("SM:0", text, 2), (stored.Id, stored.Text, stored.Parts));
        var routed = Assert.Single(got, m => m.Id.Length == 0);
        Assert.Equal(("Ihr Code: 4711", "+4915198765432"), (routed.Text, routed.Address));
        Assert.Equal(2, rig.Sim.Sms.Count("SM")); // the two parts of the stored one; the routed one is in no memory
        for (var i = 0; i < 400 && rig.Sim.WmsAcked.Count == 0; i++) await Task.Delay(25);
        Assert.Single(rig.Sim.WmsAcked);
    }

    [Fact]
    public async Task A_300_character_ucs2_text_goes_out_in_five_parts_and_the_delivery_report_comes_back()
    {
        await using var rig = await StartAsync();
        await rig.Messaging.EnableNotificationsAsync(CancellationToken.None);
        var reported = new TaskCompletionSource<SmsDeliveryReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Messaging.Reported += r => reported.TrySetResult(r);

        var text = string.Concat(Enumerable.Repeat("Grüße aus dem Router — ✓ ", 12))[..300];
        var sent = await rig.Messaging.SendAsync("+4917612345678", text, deliveryReport: true, CancellationToken.None);
        Assert.Equal(5, sent.Parts);
        Assert.Equal(5, sent.References.Distinct().Count());
        var pdus = rig.Sim.Sms.Sent;
        Assert.Equal(5, pdus.Count);
        Assert.All(pdus, h => Assert.StartsWith("00", h, StringComparison.Ordinal)); // the SMSC field: the one on the SIM
        var parts = pdus.Select(h => Assert.IsType<SmsSubmit>(SmsPduReader.Read(h))).ToList();
        Assert.Equal([1, 2, 3, 4, 5], parts.Select(p => p.UserData.Part!.Sequence));
        Assert.Single(parts.Select(p => p.UserData.Part!.Reference).Distinct());
        Assert.All(parts, p => Assert.Equal((SmsAlphabet.Ucs2, "+4917612345678", true), (p.UserData.Alphabet, p.Recipient, p.StatusReportRequest)));
        Assert.Equal(text, string.Concat(parts.Select(p => p.UserData.Text)));

        var report = await Within(reported);
        Assert.True(report.Delivered);
        Assert.Contains(report.Reference, sent.References);
    }

    [Fact]
    public async Task Send_failures_name_the_wms_error_and_the_network_cause_and_a_full_memory_says_so()
    {
        await using var rig = await StartAsync();
        rig.Sim.Sms.SendFailure = 42;
        var congested = await Assert.ThrowsAsync<MessagingException>(() => rig.Messaging.SendAsync("+4917612345678", "hi", false, CancellationToken.None));
        Assert.Equal(("SMS_FAILED", "sending the message: WMS Raw Send: WmsCauseCode (QMI error 54) (RP cause 42 (congestion), temporary)"), (congested.Code, congested.Message));
        rig.Sim.Sms.SendFailure = 500;
        var unknown = await Assert.ThrowsAsync<MessagingException>(() => rig.Messaging.SendAsync("+4917612345678", "hi", false, CancellationToken.None));
        Assert.Equal("sending the message: WMS Raw Send: WmsMessageNotSent (QMI error 55)", unknown.Message);
        rig.Sim.Sms.SendFailure = null;
        rig.Sim.Sms.StoredSmsc = null;
        var noSmsc = await Assert.ThrowsAsync<MessagingException>(() => rig.Messaging.SendAsync("+4917612345678", "hi", false, CancellationToken.None));
        Assert.Equal("sending the message: WMS Raw Send: WmsSmscAddress (QMI error 73); WMS Get SMSC Address: none stored", noSmsc.Message);
        Assert.Empty(rig.Sim.Sms.Sent);

        rig.Sim.Sms.SetCapacity("SM", 2);
        rig.Sim.Sms.Fill("SM", 2);
        rig.Sim.Sms.Deliver("+4915198765432", "one too many");
        Assert.Single(rig.Sim.Sms.Refused);
        var sim = Assert.Single(await rig.Messaging.StorageAsync(CancellationToken.None), u => u.Storage == "SM");
        Assert.True(sim.Full);
    }

    [Fact]
    public async Task Ussd_answers_a_menu_takes_a_follow_up_ends_on_release_and_cancels()
    {
        await using var rig = await StartAsync();
        await rig.Messaging.EnableNotificationsAsync(CancellationToken.None);
        Assert.Contains(rig.Sim.QmiLog, l => l.StartsWith("VOICE Indication Register", StringComparison.Ordinal));

        Assert.Equal(new UssdReply("done", "Balance: 12.34 EUR, valid until 31.12.2026"), await rig.Messaging.UssdAsync("*100#", CancellationToken.None));
        Assert.Equal(new UssdReply("more", "Bundles: 1 Data 2 Voice 0 Exit"), await rig.Messaging.UssdAsync("*123#", CancellationToken.None));
        Assert.Equal(new UssdReply("done", "Voice: 100 min left"), await rig.Messaging.UssdAsync("2", CancellationToken.None));
        Assert.Contains(rig.Sim.QmiLog, l => l.StartsWith("VOICE Answer USSD", StringComparison.Ordinal));

        Assert.True((await rig.Messaging.UssdAsync("*123#", CancellationToken.None)).ExpectsAnswer);
        Assert.Equal(new UssdReply("terminated", null), await rig.Messaging.UssdAsync("0", CancellationToken.None));

        Assert.True((await rig.Messaging.UssdAsync("*123#", CancellationToken.None)).ExpectsAnswer);
        await rig.Messaging.UssdCancelAsync(CancellationToken.None);
        // After the cancel a new request is a new dialogue (Originate, not Answer).
        var originates = rig.Sim.QmiLog.Count(l => l.StartsWith("VOICE Originate USSD", StringComparison.Ordinal));
        Assert.Equal(new UssdReply("done", "Unknown service code"), await rig.Messaging.UssdAsync("1", CancellationToken.None));
        Assert.Equal(originates + 1, rig.Sim.QmiLog.Count(l => l.StartsWith("VOICE Originate USSD", StringComparison.Ordinal)));

        var bad = await Assert.ThrowsAsync<MessagingException>(() => rig.Messaging.UssdAsync("", CancellationToken.None));
        Assert.Equal("INVALID_ARGUMENT", bad.Code);
    }

    [Fact]
    public async Task Ussd_without_a_network_names_the_voice_message_and_the_qmi_error()
    {
        await using var rig = await StartAsync();
        rig.Sim.Deregister(0, dropCall: false);
        var e = await Assert.ThrowsAsync<MessagingException>(() => rig.Messaging.UssdAsync("*100#", CancellationToken.None));
        Assert.Equal(("USSD_FAILED", "the USSD request: VOICE Originate USSD: NoNetworkFound (QMI error 13)"), (e.Code, e.Message));
    }
}
