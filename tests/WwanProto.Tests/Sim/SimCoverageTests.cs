using WwanProto.ModemSim;
using WwanProto.ModemSim.Engine;
using Xunit;

namespace WwanProto.Tests.Sim;

/// <summary>The simulator's runtime registration knobs: coverage lost (with or without the call) and back, roaming, outcomes.</summary>
public sealed class SimCoverageTests
{
    private static SimOptions Fast(string profile = "e3372h-153") => new()
    {
        Profile = profile, RegistrationDelay = TimeSpan.FromMilliseconds(50), NdisConnectDelay = TimeSpan.FromMilliseconds(100),
    };

    private static async Task Registered(RawPortClient port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!port.Command("AT+CGREG?").Contains("+CGREG: 0,1", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the simulator did not register");
            await Task.Delay(30);
        }
    }

    /// <summary>Registered, URCs at the given n levels, and (optionally) an NDIS call up.</summary>
    private static async Task<RawPortClient> ConnectedPcui(SimulatedModem modem, string n, bool call)
    {
        var pcui = SimTestKit.Open(modem, "ttyUSB0");
        await Registered(pcui);
        Assert.Contains("OK", pcui.Command(n));
        if (!call) return pcui;
        var start = pcui.Received.Length;
        pcui.Command("AT^NDISDUP=1,1,\"internet\"");
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:1,,,\"IPV4\"", StringComparison.Ordinal), start, 10000));
        return pcui;
    }

    [Fact(Timeout = 20000)]
    public async Task Deregister_keeping_the_call_reports_searching_and_leaves_the_call_up()
    {
        await using var modem = await SimulatedModem.StartAsync(Fast());
        using var pcui = await ConnectedPcui(modem, "AT+CREG=1;+CGREG=2;+CEREG=2", call: true);
        var start = pcui.Received.Length;
        modem.Deregister(2, dropCall: false);
        Assert.True(pcui.ReadUntil(s => s.Contains("+CEREG: 2\r\n", StringComparison.Ordinal) && s.Contains("+CGREG: 2\r\n", StringComparison.Ordinal)
                                        && s.Contains("+CREG: 2\r\n", StringComparison.Ordinal), start, 5000));
        Assert.DoesNotContain("^NDISSTAT:0", pcui.Drain(300));
        Assert.Contains("+CEREG: 2,2\r\n", pcui.Command("AT+CEREG?"));
        Assert.Contains("+CGREG: 2,2\r\n", pcui.Command("AT+CGREG?"));
        Assert.Contains("+CREG: 1,2\r\n", pcui.Command("AT+CREG?"));
        Assert.Contains("^SYSINFOEX:0,4,", pcui.Command("AT^SYSINFOEX"));
        Assert.Contains("+COPS: 0\r\n", pcui.Command("AT+COPS?"));
        Assert.Contains("^NDISSTATQRY: 1,,,\"IPV4\"", pcui.Command("AT^NDISSTATQRY?")); // the quirk: the call still "up"
        Assert.Equal(NdisState.Connected, modem.NdisState);

        // Asking for automatic selection does not conjure up a network.
        pcui.Command("AT+COPS=0");
        Assert.Contains("+CGREG: 2,2\r\n", pcui.Command("AT+CGREG?"));

        start = pcui.Received.Length;
        modem.Reregister();
        Assert.True(pcui.ReadUntil(s => s.Contains("+CEREG: 1,\"792D\",\"04947221\"", StringComparison.Ordinal)
                                        && s.Contains("+CREG: 1\r\n", StringComparison.Ordinal), start, 5000));
        Assert.Contains("+CGREG: 2,1,", pcui.Command("AT+CGREG?"));
        Assert.Contains("^SYSINFOEX:2,3,0,", pcui.Command("AT^SYSINFOEX"));
        Assert.Contains("^NDISSTATQRY: 1,,,\"IPV4\"", pcui.Command("AT^NDISSTATQRY?"));

        // The host hangs up the call it no longer trusts.
        start = pcui.Received.Length;
        modem.Deregister();
        pcui.Command("AT^NDISDUP=1,0");
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:0,36,,\"IPV4\"", StringComparison.Ordinal), start, 5000));
    }

    [Fact(Timeout = 20000)]
    public async Task Deregister_dropping_the_call_ends_it_like_Balong()
    {
        await using var modem = await SimulatedModem.StartAsync(Fast());
        using var pcui = await ConnectedPcui(modem, "AT+CGREG=1", call: true);
        var start = pcui.Received.Length;
        modem.Deregister(4, dropCall: true);
        Assert.True(pcui.ReadUntil(s => s.Contains("+CGREG: 4\r\n", StringComparison.Ordinal) && s.Contains("^NDISSTAT:0,", StringComparison.Ordinal), start, 5000));
        Assert.DoesNotContain("+CEREG:", pcui.Received[start..]); // n = 0: no URC
        Assert.Contains("^NDISSTATQRY: 0,,,\"IPV4\"", pcui.Command("AT^NDISSTATQRY?"));
        Assert.Equal(NdisState.Idle, modem.NdisState);
    }

    [Fact(Timeout = 20000)]
    public async Task Roaming_and_outcomes_change_at_runtime()
    {
        await using var modem = await SimulatedModem.StartAsync(Fast());
        using var pcui = await ConnectedPcui(modem, "AT+CEREG=1", call: false);
        var start = pcui.Received.Length;
        modem.Reregister(5);
        Assert.True(pcui.ReadUntil(s => s.Contains("+CEREG: 5\r\n", StringComparison.Ordinal), start, 5000));
        Assert.Contains("^SYSINFOEX:2,3,1,", pcui.Command("AT^SYSINFOEX"));

        modem.RegistrationOutcome = "denied";
        modem.Deregister(2);
        modem.Reregister();
        Assert.Contains("+CEREG: 1,3\r\n", pcui.Command("AT+CEREG?"));
        Assert.Throws<ArgumentException>(() => modem.RegistrationOutcome = "elsewhere");
        Assert.Throws<ArgumentOutOfRangeException>(() => modem.Deregister(1));

        modem.RegistrationOutcome = "home";
        modem.NdisRejectCause = 33;
        modem.Reregister();
        start = pcui.Received.Length;
        pcui.Command("AT^NDISDUP=1,1,\"internet\"");
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:0,33,,\"IPV4\"", StringComparison.Ordinal), start, 5000));
    }

    [Fact(Timeout = 20000)]
    public async Task Ppp_call_stays_in_data_mode_unless_the_loss_drops_it()
    {
        await using var modem = await SimulatedModem.StartAsync(Fast("e3131"));
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        using var mdm = SimTestKit.Open(modem, "ttyUSB0");
        await Registered(mdm);
        Assert.Contains("CONNECT", mdm.Command("ATD*99#", until: "CONNECT"));
        pcui.Command("AT+CGREG=1");

        var start = pcui.Received.Length;
        var data = mdm.Received.Length;
        modem.Deregister(2, dropCall: false);
        Assert.True(pcui.ReadUntil(s => s.Contains("+CGREG: 2\r\n", StringComparison.Ordinal), start, 5000));
        Assert.DoesNotContain("NO CARRIER", mdm.Drain(300));
        Assert.Contains("+CGACT: 1,1", pcui.Command("AT+CGACT?"));

        modem.Reregister();
        modem.Deregister(2, dropCall: true);
        Assert.True(mdm.ReadUntil(s => s.Contains("NO CARRIER", StringComparison.Ordinal), data, 5000));
        Assert.Contains("OK", mdm.Command("AT"));
    }

    [Fact(Timeout = 20000)]
    public async Task Control_fifo_lines_drive_the_knobs()
    {
        await using var modem = await SimulatedModem.StartAsync(Fast());
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        await Registered(pcui);
        var fifo = Path.Combine(modem.Root, "control");
        using var control = new WwanProto.ModemSim.Cli.ControlFifo(fifo, modem, () => { });

        async Task Send(string line, string query, string expect)
        {
            await File.AppendAllTextAsync(fifo, line + "\n");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!pcui.Command(query).Contains(expect, StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"\"{line}\": {query} never showed {expect}");
                await Task.Delay(30);
            }
        }

        await Send("deregister 4", "AT+CEREG?", "+CEREG: 0,4");
        await Send("register 5", "AT+CEREG?", "+CEREG: 0,5");
        await Send("deregister", "AT+CEREG?", "+CEREG: 0,2");
        await Send("registration denied", "AT+CEREG?", "+CEREG: 0,2"); // the outcome applies to the next attempt
        await Send("register", "AT+CEREG?", "+CEREG: 0,3");
        Assert.Equal("denied", modem.RegistrationOutcome);
        await File.AppendAllTextAsync(fifo, "ndisreject 29\n");
        var until = DateTime.UtcNow.AddSeconds(10);
        while (modem.NdisRejectCause != 29)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("\"ndisreject 29\" was not applied");
            await Task.Delay(30);
        }
    }
}
