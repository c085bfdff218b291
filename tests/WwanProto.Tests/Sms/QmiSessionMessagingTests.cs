using System.Text.Json;
using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Qmi;
using WwanProto.Core.Session;
using WwanProto.Core.Sms;
using WwanProto.Core.Ubus;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;
using WwanProto.Tests.Session;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.Sms;

/// <summary>
/// Messaging inside a running QMI session (the production connector with the QMI control plane, the QMI link on the
/// simulated E392): SessionMessaging picks WMS/VOICE on the session's own QMI device, arrivals are announced once
/// connected, the ubus methods answer, and listing 100 stored messages again and again leaves the link and its
/// supervision (WDS packet service polls, NAS registration queries) alone.
/// </summary>
public sealed class QmiSessionMessagingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private sealed class Run : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _log = [];
        public required SimulatedModem Sim { get; init; }
        public RecordingReporter Reporter { get; } = new();
        public ModemSession Session { get; private set; } = null!;
        private Task<SessionError?> _run = null!;

        public static async Task<Run> StartAsync()
        {
            var sim = await SimulatedModem.StartAsync(new SimOptions
            {
                Profile = "e392", RegistrationDelay = TimeSpan.FromMilliseconds(50), NdisConnectDelay = TimeSpan.FromMilliseconds(50),
            }).WaitAsync(Bound);
            var run = new Run { Sim = sim };
            var options = new InterfaceOptions { Apn = "internet", Device = sim.UsbPath, Timeout = 10 };
            void Write(string line) { lock (run._log) run._log.Add(line); }
            var switcher = new ModeSwitcher(sim.Paths, new RecordingUsbTransport(), SwitchRules.OwnOnly, new ModeSwitchOptions { WaitBound = TimeSpan.FromSeconds(10) });
            var connector = new UsbModemConnector(options.Device, options.UsbMode, sim.Paths, new AtPortProbe(sim.Paths.LockDir), null, switcher, Write)
            {
                ControlPlanes = QmiControl.Planes(),
            };
            run.Session = new ModemSession(options, sim.Paths, run.Reporter, connector, new DataLinks { Qmi = QmiControl.Link },
                SessionRun.Fast with { SupervisionInterval = TimeSpan.FromMilliseconds(500) }, Write);
            run._run = Task.Run(() => run.Session.RunAsync(run._stop.Token));
            return run;
        }

        public override string ToString() { lock (_log) return string.Join("\n", _log); }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _run.WaitAsync(TimeSpan.FromSeconds(10)); }
            finally
            {
                await Sim.DisposeAsync();
                _stop.Dispose();
            }
        }
    }

    private static bool IsSupervision(string qmi) =>
        qmi.StartsWith("WDS Get Packet Service Status", StringComparison.Ordinal) || qmi.StartsWith("NAS Get Serving System", StringComparison.Ordinal);

    [Fact(Timeout = 120000)]
    public async Task Listing_100_messages_leaves_the_qmi_link_up_and_its_supervision_querying()
    {
        await using var run = await Run.StartAsync();
        await run.Reporter.WaitUpAsync(1, Bound);
        run.Sim.Sms.Fill("ME", 100);
        Assert.Equal("QMI WMS on " + run.Sim.Paths.Dev("cdc-wdm0"), run.Session.Messaging.Name);

        // List again and again until the supervision has made two of its queries after the first listing began, then
        // once more: those queries went out between the listings' List Messages / Raw Reads on the same device.
        var start = run.Sim.QmiLog.Count;
        List<string> During() => run.Sim.QmiLog.Skip(start).ToList();
        int SupervisionSinceFirstListing() => During() is var d && d.FindIndex(l => l.StartsWith("WMS List Messages", StringComparison.Ordinal)) is var f and >= 0
            ? d.Skip(f).Count(IsSupervision) : 0;
        var listings = 0;
        using var bound = new CancellationTokenSource(Bound);
        async Task ListAsync()
        {
            var messages = await run.Session.Messaging.ListAsync(bound.Token);
            Assert.Equal(100, messages.Count(m => m.Storage == "ME"));
            listings++;
        }
        while (listings < 3 || SupervisionSinceFirstListing() < 2) await ListAsync();
        await ListAsync();

        var during = During();
        var first = during.FindIndex(l => l.StartsWith("WMS List Messages", StringComparison.Ordinal));
        var last = during.FindLastIndex(l => l.StartsWith("WMS List Messages", StringComparison.Ordinal));
        Assert.True(during[first..last].Count(IsSupervision) >= 2, string.Join(" ; ", during));
        Assert.True(during.Count(l => l.StartsWith("WMS Raw Read", StringComparison.Ordinal)) >= 400);
        Assert.Single(run.Reporter.Ups);
        Assert.Empty(run.Reporter.Downs);
        Assert.Equal(WwanProto.ModemSim.Engine.NdisState.Connected, run.Sim.NdisState);
        Assert.Equal("connected", run.Reporter.LastStatus!.State);
        // No second open of the device: one QMI port, the session's, saw every request.
        Assert.DoesNotContain(run.ToString(), "cdc-wdm silent");
    }

    [Fact(Timeout = 120000)]
    public async Task An_arrival_while_connected_is_announced_and_the_ubus_methods_answer_over_wms_and_voice()
    {
        await using var run = await Run.StartAsync();
        var arrived = new TaskCompletionSource<SmsMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.Session.Messaging.Received += m => arrived.TrySetResult(m);
        await run.Reporter.WaitUpAsync(1, Bound);
        // The session turns indications on after connecting: wait until the modem has them.
        for (var i = 0; i < 400 && !run.Sim.QmiLog.Any(l => l.StartsWith("VOICE Indication Register", StringComparison.Ordinal)); i++) await Task.Delay(25);

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
        Assert.Equal(("SM:0", "unread"), (listed.GetProperty("id").GetString(), listed.GetProperty("status").GetString()));
        Assert.Contains(list.GetProperty("storage").EnumerateArray(), s => s.GetProperty("name").GetString() == "SM" && s.GetProperty("used").GetInt32() == 1);
        var (_, read) = await Call("sms_read", """{"id":"SM:0"}""");
        Assert.Equal("read", read.GetProperty("status").GetString());
        var (missing, error) = await Call("sms_read", """{"id":"SM:9"}""");
        Assert.Equal((UbusStatus.NotFound, "no message SM:9"), (missing, error.GetProperty("error").GetString()));

        var (ussd, menu) = await Call("ussd", """{"code":"*123#"}""");
        Assert.Equal(UbusStatus.Ok, ussd);
        Assert.True(menu.GetProperty("expects_answer").GetBoolean());
        var (_, answer) = await Call("ussd", """{"answer":"1"}""");
        Assert.Equal("Data: 2048 MB left until 31.12.", answer.GetProperty("text").GetString());

        Assert.Equal(UbusStatus.Ok, (await Call("sms_delete", """{"id":"SM:0"}""")).Status);
        Assert.Equal(0, run.Sim.Sms.Count("SM"));
        Assert.Empty(run.Reporter.Downs);
        Assert.DoesNotContain(run.Sim.CommandLog, c => c.StartsWith("AT+CMG", StringComparison.Ordinal) || c.StartsWith("AT+CUSD", StringComparison.Ordinal));
    }
}
