using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Sms;
using WwanProto.ModemSim;
using WwanProto.Tests.Standalone;
using Xunit;

namespace WwanProto.Tests.HiLink;

/// <summary>
/// The session's messaging on a HiLink stick, in process: it goes through the session's own web API client (no
/// second API session), new messages come out of the session's Received, and listing 100 messages leaves the link's
/// supervision alone: its status polls go on after the listing, the ladder never starts, the link never drops.
/// </summary>
public sealed class HiLinkSessionMessagingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Listing_a_hundred_messages_leaves_the_links_supervision_polling_and_arrivals_come_out_of_the_session()
    {
        using var ns = new TestNetns(veth: false);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "hilink", NetDev = "usb0", CreateVeth = true, HostNetNs = ns.Name, DhcpServer = true,
        });
        var options = new InterfaceOptions { Device = sim.UsbPath, Timeout = 10 };
        var harness = new HiLinkSessionHarness(sim, ns, options, TimeSpan.FromMilliseconds(300));
        var (session, reporter) = (harness.Session, harness.Reporter);
        var arrived = new TaskCompletionSource<SmsMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Messaging.Received += m => arrived.TrySetResult(m);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        try
        {
            await reporter.WaitUpAsync(1, Bound);
            Assert.StartsWith("the HiLink web API at http://192.168.8.1", session.Messaging.Name, StringComparison.Ordinal);
            var sessions = sim.HiLink.Log.Count(l => l.StartsWith("GET /api/webserver/SesTokInfo", StringComparison.Ordinal));

            sim.Sms.Fill("ME", 100);
            var list = await session.Messaging.ListAsync(CancellationToken.None);
            Assert.Equal(100, list.Count);
            Assert.Equal([new SmsStorageUse("ME", 100, 500), new SmsStorageUse("SM", 0, 30)], await session.Messaging.StorageAsync(CancellationToken.None));
            // The supervision's status polls go on after the listing (two more, whatever the machine's speed).
            var probes = StatusPolls(sim);
            await WaitAsync(() => StatusPolls(sim) >= probes + 2, harness);
            Assert.Equal(0, harness.Call!.SwitchCycles);
            Assert.Equal(0, harness.Call.Reboots);
            Assert.Empty(reporter.Downs);
            Assert.Single(reporter.Ups);
            // One API session for the link and the messages: the listing opened no second one.
            Assert.Equal(sessions, sim.HiLink.Log.Count(l => l.StartsWith("GET /api/webserver/SesTokInfo", StringComparison.Ordinal)));

            // A new message: the session looks at check-notifications (the first look only learns what is unread).
            await WaitAsync(() => sim.HiLink.Log.Count(l => l.StartsWith("GET /api/monitoring/check-notifications -> ok", StringComparison.Ordinal)) >= 1, harness);
            sim.Sms.Deliver("+4915198765432", "Ihr Code: 4711");
            var message = await arrived.Task.WaitAsync(Bound);
            Assert.Equal(("+4915198765432", "Ihr Code: 4711", "unread"), (message.Address, message.Text, message.Status));
            Assert.Equal(SessionState.Connected, session.State);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Null(await run.WaitAsync(Bound));
        }
    }

    private static int StatusPolls(SimulatedModem sim) =>
        sim.HiLink.Log.Count(l => l.StartsWith("GET /api/monitoring/status", StringComparison.Ordinal));

    private static async Task WaitAsync(Func<bool> condition, HiLinkSessionHarness harness)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within the bound; log:\n" + string.Join("\n", harness.Logged()));
            await Task.Delay(20);
        }
    }
}
