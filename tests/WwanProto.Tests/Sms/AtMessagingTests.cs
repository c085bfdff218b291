using System.Text;
using WwanProto.Core.At;
using WwanProto.Core.Sms;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Sms;

/// <summary>
/// The AT messaging backend on a real AT channel against the simulated modem's SMS memories, SMSC and USSD, with
/// split reads and URCs inside answers turned on: list, read, delete, send (prompt and Ctrl-Z), +CMTI arrivals put
/// together by reference, +CMS errors named, storage full, delivery reports, USSD with a follow-up menu in Huawei's
/// packed hex and in plain text.
/// </summary>
public sealed class AtMessagingTests
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    private sealed class Rig : IAsyncDisposable
    {
        public required SimulatedModem Modem { get; init; }
        public required AtChannel At { get; init; }
        public required AtMessaging Sms { get; init; }

        public static async Task<Rig> StartAsync(string profile = "e3372h-153", string port = "ttyUSB0", int seed = 1)
        {
            var modem = await SimulatedModem.StartAsync(new SimOptions
            {
                Profile = profile, Seed = seed, RegistrationDelay = TimeSpan.FromMilliseconds(50),
                Faults = new SimFaults { SplitReads = true, InterleaveUrcs = true },
            });
            var at = AtChannel.Open(modem.Paths.Dev(port), new AtChannelOptions { LockDir = modem.Paths.LockDir });
            await at.SendAsync("ATE0", Quick);
            // Registered before anything is sent (the network side refuses sends without service, as a modem does).
            for (var i = 0; i < 100 && !(await at.SendAsync("AT+CREG?", Quick)).Lines.Any(l => l.EndsWith(",1") || l.Contains(",1,")); i++)
                await Task.Delay(50);
            return new Rig { Modem = modem, At = at, Sms = new AtMessaging(at, packedUssd: profile != "phone-acm", Quick) };
        }

        public async ValueTask DisposeAsync()
        {
            await Sms.DisposeAsync();
            await At.DisposeAsync();
            await Modem.DisposeAsync();
        }
    }

    [Fact(Timeout = 60000)]
    public async Task A_delivered_message_is_listed_read_and_deleted()
    {
        await using var rig = await Rig.StartAsync();
        rig.Modem.Sms.Deliver("+4915198765432", "Your code is 4711 {valid 5 min} €");

        var list = await rig.Sms.ListAsync(CancellationToken.None).WaitAsync(T);
        var m = Assert.Single(list);
        Assert.Equal("SM:0", m.Id);
        Assert.Equal("+4915198765432", m.Address);
        Assert.Equal("Your code is 4711 {valid 5 min} €", m.Text);
        Assert.Equal("deliver", m.Kind);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 7, 30, 0, TimeSpan.FromHours(1)), m.Timestamp);
        Assert.Equal("+491710760000", m.Smsc);
        Assert.Equal("unread", m.Status); // +CMGL in the listing marks it read in the modem; this listing saw it unread

        var read = await rig.Sms.ReadAsync("SM:0", CancellationToken.None).WaitAsync(T);
        Assert.Equal("read", read!.Status);
        Assert.Null(await rig.Sms.ReadAsync("SM:5", CancellationToken.None).WaitAsync(T));

        Assert.True(await rig.Sms.DeleteAsync("SM:0", CancellationToken.None).WaitAsync(T));
        Assert.Equal(0, rig.Modem.Sms.Count("SM"));
        Assert.False(await rig.Sms.DeleteAsync("SM:0", CancellationToken.None).WaitAsync(T));
        Assert.Empty(await rig.Sms.ListAsync(CancellationToken.None).WaitAsync(T));
        Assert.Contains("AT+CMGF=0", rig.Modem.CommandLog);
    }

    [Fact(Timeout = 60000)]
    public async Task Concatenated_ucs2_parts_with_a_16_bit_reference_arrive_as_one_message_once_all_are_in()
    {
        await using var rig = await Rig.StartAsync(seed: 2);
        var received = new TaskCompletionSource<SmsMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        rig.Sms.Received += m => { Interlocked.Increment(ref count); received.TrySetResult(m); };
        await rig.Sms.EnableNotificationsAsync(CancellationToken.None).WaitAsync(T);

        // 150 UTF-16 units with surrogate pairs (emoji) and Cyrillic: three UCS-2 parts.
        var text = string.Concat(Enumerable.Repeat("Привет 👋 мир 🌍 ", 10));
        var indices = rig.Modem.Sms.Deliver("+79031234567", text, reference16: true);
        Assert.Equal(3, indices.Count);

        var m = await received.Task.WaitAsync(T);
        Assert.Equal(text, m.Text);
        Assert.Equal(SmsAlphabet.Ucs2, m.Alphabet);
        Assert.Equal(3, m.Parts);
        Assert.True(m.Complete);
        Assert.Equal(indices.Order(), m.Indices);
        var listed = Assert.Single(await rig.Sms.ListAsync(CancellationToken.None).WaitAsync(T));
        Assert.Equal(text, listed.Text);
        Assert.Equal(1, Volatile.Read(ref count));
    }

    [Fact(Timeout = 60000)]
    public async Task A_300_character_ucs2_text_goes_out_as_concatenated_parts_through_the_prompt()
    {
        await using var rig = await Rig.StartAsync(seed: 3);
        var text = string.Concat(Enumerable.Repeat("Grüße aus Köln — ünïcödé ✓ ", 12))[..300];
        var sent = await rig.Sms.SendAsync("+4917612345678", text, deliveryReport: false, CancellationToken.None).WaitAsync(T);

        Assert.Equal(5, sent.Parts); // 67 UTF-16 units a part
        var pdus = rig.Modem.Sms.Sent.Select(h => Assert.IsType<SmsSubmit>(SmsPduReader.Read(h))).ToList();
        Assert.Equal(5, pdus.Count);
        Assert.All(pdus, p => Assert.Equal("+4917612345678", p.Recipient));
        Assert.All(pdus, p => Assert.Equal(SmsAlphabet.Ucs2, p.UserData.Alphabet));
        Assert.Single(pdus.Select(p => p.UserData.Part!.Reference).Distinct());
        Assert.Equal([1, 2, 3, 4, 5], pdus.Select(p => p.UserData.Part!.Sequence));
        Assert.All(pdus, p => Assert.Equal(5, p.UserData.Part!.Total));
        Assert.Equal(text, string.Concat(pdus.Select(p => p.UserData.Text)));
        Assert.Equal(5, sent.References.Distinct().Count());
        Assert.Equal(5, rig.Modem.CommandLog.Count(c => c.StartsWith("AT+CMGS=", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 60000)]
    public async Task Send_failures_name_the_command_and_the_modems_answer()
    {
        await using var rig = await Rig.StartAsync(seed: 4);
        rig.Modem.Sms.StoredSmsc = null;
        var noSmsc = await Assert.ThrowsAsync<MessagingException>(() => rig.Sms.SendAsync("+4917612345678", "hi", false, CancellationToken.None).WaitAsync(T));
        Assert.Equal("sending the message: AT+CMGS=16 answered +CMS ERROR: 330 (SMSC address unknown)", noSmsc.Message);

        rig.Modem.Sms.StoredSmsc = "+491710760000";
        rig.Modem.Sms.SendFailure = 38;
        var network = await Assert.ThrowsAsync<MessagingException>(() => rig.Sms.SendAsync("+4917612345678", new string('x', 200), false, CancellationToken.None).WaitAsync(T));
        Assert.Equal("sending part 1 of 2: AT+CMGS=154 answered +CMS ERROR: 38 (network out of order)", network.Message);

        var bad = await Assert.ThrowsAsync<MessagingException>(() => rig.Sms.SendAsync("+49 176", "hi", false, CancellationToken.None));
        Assert.Equal("INVALID_ARGUMENT", bad.Code);
        Assert.Contains("'+49 176' is not a phone number", bad.Message);
        Assert.Empty(rig.Modem.Sms.Sent);
    }

    [Fact(Timeout = 60000)]
    public async Task A_full_sim_refuses_new_messages_and_the_storage_says_so()
    {
        await using var rig = await Rig.StartAsync(seed: 5);
        rig.Modem.Sms.SetCapacity("SM", 3);
        rig.Modem.Sms.Fill("SM", 3);
        rig.Modem.Sms.Deliver("+4915198765432", "one too many");
        Assert.Single(rig.Modem.Sms.Refused);

        var use = await rig.Sms.StorageAsync(CancellationToken.None).WaitAsync(T);
        var sim = Assert.Single(use, u => u.Storage == "SM");
        Assert.Equal((3, 3, true), (sim.Used, sim.Total, sim.Full));
        Assert.Contains(use, u => u.Storage == "ME" && !u.Full);
        var listed = await rig.Sms.ListAsync(CancellationToken.None).WaitAsync(T);
        Assert.Equal(["Old message 1", "Old message 2", "Old message 3"], listed.Select(m => m.Text));
        Assert.All(listed, m => Assert.Equal("read", m.Status));
    }

    [Fact(Timeout = 60000)]
    public async Task Messages_in_the_modem_memory_are_listed_beside_the_sims()
    {
        await using var rig = await Rig.StartAsync(seed: 6);
        rig.Modem.Sms.Fill("ME", 2);
        rig.Modem.Sms.Deliver("+4915198765432", "on the SIM");
        var listed = await rig.Sms.ListAsync(CancellationToken.None).WaitAsync(T);
        Assert.Equal(["SM:0", "ME:0", "ME:1"], listed.Select(m => m.Id));
        Assert.True(await rig.Sms.DeleteAsync("ME:1", CancellationToken.None).WaitAsync(T));
        Assert.Equal(1, rig.Modem.Sms.Count("ME"));
        Assert.Equal(1, rig.Modem.Sms.Count("SM"));
    }

    [Fact(Timeout = 60000)]
    public async Task A_delivery_report_comes_for_a_message_sent_with_one_requested()
    {
        await using var rig = await Rig.StartAsync(seed: 7);
        var reported = new TaskCompletionSource<SmsDeliveryReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Sms.Reported += r => reported.TrySetResult(r);
        await rig.Sms.EnableNotificationsAsync(CancellationToken.None).WaitAsync(T);
        var sent = await rig.Sms.SendAsync("+4917612345678", "ping", deliveryReport: true, CancellationToken.None).WaitAsync(T);
        var report = await reported.Task.WaitAsync(T);
        Assert.True(report.Delivered);
        Assert.Equal(sent.References[0], report.Reference);
        Assert.Equal("+4917612345678", report.Recipient);
        Assert.True(Assert.IsType<SmsSubmit>(SmsPduReader.Read(rig.Modem.Sms.Sent[0])).StatusReportRequest);
    }

    [Fact(Timeout = 60000)]
    public async Task Ussd_with_a_follow_up_menu_in_huaweis_packed_hex()
    {
        await using var rig = await Rig.StartAsync(seed: 8);
        var balance = await rig.Sms.UssdAsync("*100#", CancellationToken.None).WaitAsync(T);
        Assert.Equal(new UssdReply("done", "Balance: 12.34 EUR, valid until 31.12.2026"), balance);
        Assert.Contains("AT+CUSD=1,\"AA180C3602\",15", rig.Modem.CommandLog); // *100# packed, as Huawei firmware wants it

        var menu = await rig.Sms.UssdAsync("*123#", CancellationToken.None).WaitAsync(T);
        Assert.True(menu.ExpectsAnswer);
        Assert.Equal("Bundles: 1 Data 2 Voice 0 Exit", menu.Text);
        var data = await rig.Sms.UssdAsync("1", CancellationToken.None).WaitAsync(T);
        Assert.Equal(new UssdReply("done", "Data: 2048 MB left until 31.12."), data);

        Assert.True((await rig.Sms.UssdAsync("*123#", CancellationToken.None).WaitAsync(T)).ExpectsAnswer);
        await rig.Sms.UssdCancelAsync(CancellationToken.None).WaitAsync(T);
        Assert.Contains("AT+CUSD=2", rig.Modem.CommandLog);
    }

    [Fact(Timeout = 60000)]
    public async Task Ussd_in_plain_text_on_a_generic_phone()
    {
        await using var rig = await Rig.StartAsync("phone-acm", "ttyACM0", seed: 9);
        var balance = await rig.Sms.UssdAsync("*100#", CancellationToken.None).WaitAsync(T);
        Assert.Equal("Balance: 12.34 EUR, valid until 31.12.2026", balance.Text);
        Assert.Contains("AT+CUSD=1,\"*100#\",15", rig.Modem.CommandLog);
    }
}
