using System.Globalization;
using System.Net;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Net;
using Xunit;

namespace WwanProto.Tests.Sim;

/// <summary>SIM, registration, NDIS and PPP state machines of the simulator (huawei-modems.md §3).</summary>
public sealed class SimStateMachineTests
{
    private static SimOptions Fast(string profile = "e3372h-153") => new()
    {
        Profile = profile, RegistrationDelay = TimeSpan.FromMilliseconds(50), NdisConnectDelay = TimeSpan.FromMilliseconds(100),
        EscapeGuard = TimeSpan.FromMilliseconds(150),
    };

    private static async Task<string> UntilRegistered(RawPortClient port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string answer;
        while (!(answer = port.Command("AT+CGREG?")).Contains(",1") && DateTime.UtcNow < deadline) await Task.Delay(30);
        return answer;
    }

    [Fact(Timeout = 20000)]
    public async Task Ndis_call_reports_connect_and_dhcp_matches_the_address_plan()
    {
        await using var modem = await SimulatedModem.StartAsync(Fast());
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        await UntilRegistered(pcui);
        Assert.Contains("\r\nERROR\r\n", pcui.Command("AT^DHCP?"));
        var start = pcui.Received.Length;
        Assert.Contains("OK", pcui.Command("AT^NDISDUP=1,1,\"internet\""));
        Assert.Contains("^NDISSTATQRY: 0,,,\"IPV4\"", pcui.Command("AT^NDISSTATQRY?")); // 0 while connecting (§2.8)
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:1,,,\"IPV4\""), start, 10000));
        var dhcp = pcui.Command("AT^DHCP?");
        var fields = dhcp.Split("^DHCP:")[1].Split("\r\n")[0].Split(',');
        Assert.Equal(8, fields[0].Length); // PCUI path pads (%08X)
        Assert.Equal(modem.Addresses.Client, LittleEndian(fields[0]));
        Assert.Equal(modem.Addresses.Gateway, LittleEndian(fields[2]));
        Assert.Equal("FCFFFFFF", fields[1]);

        start = pcui.Received.Length;
        modem.DropNetwork(36);
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:0,36,,\"IPV4\""), start, 10000));
        Assert.Contains("\r\nERROR\r\n", pcui.Command("AT^DHCP?"));
    }

    private static IPAddress LittleEndian(string hex)
    {
        var v = uint.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new IPAddress(new[] { (byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24) });
    }

    [Fact(Timeout = 20000)]
    public async Task Ndis_reject_reports_the_cause()
    {
        var o = Fast();
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = o.Profile, RegistrationDelay = o.RegistrationDelay, NdisConnectDelay = o.NdisConnectDelay, NdisRejectCause = 33,
        });
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        await UntilRegistered(pcui);
        var start = pcui.Received.Length;
        pcui.Command("AT^NDISDUP=1,1,\"wrong\"");
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:0,33,,\"IPV4\""), start, 10000));
    }

    [Fact(Timeout = 20000)]
    public async Task Stale_session_answers_ERROR_until_torn_down()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e3372h-320", StaleSession = true, RegistrationDelay = TimeSpan.FromMilliseconds(50),
            NdisConnectDelay = TimeSpan.FromMilliseconds(100),
        });
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        await UntilRegistered(pcui);
        Assert.Contains("^NDISSTATQRY: 1,,,\"IPV4\"", pcui.Command("AT^NDISSTATQRY?"));
        Assert.Contains("\r\nERROR\r\n", pcui.Command("AT^NDISDUP=1,1,\"internet\""));
        Assert.Contains("\r\nERROR\r\n", pcui.Command("AT^NDISDUP=1,1,\"internet\""));
        var start = pcui.Received.Length;
        Assert.Contains("OK", pcui.Command("AT^NDISDUP=1,0"));
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:0,"), start, 10000));
        start = pcui.Received.Length;
        Assert.Contains("OK", pcui.Command("AT^NDISDUP=1,1,\"internet\""));
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:1,,,\"IPV4\""), start, 10000));
    }

    [Fact(Timeout = 20000)]
    public async Task Pin_counters_go_down_on_wrong_pins_and_puk_follows()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e3372h-153", Card = new SimCardOptions { State = "pin", Pin = "4321" }, RegistrationDelay = TimeSpan.FromMilliseconds(50),
        });
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        Assert.Contains("+CPIN: SIM PIN", pcui.Command("AT+CPIN?"));
        Assert.Contains("^CPIN: SIM PIN,3,10,3,10,3", pcui.Command("AT^CPIN?"));
        Assert.Contains("+CME ERROR: SIM PIN required", pcui.Command("AT+CIMI"));
        Assert.Contains("+CME ERROR: incorrect password", pcui.Command("AT+CPIN=\"1111\""));
        Assert.Contains("^CPIN: SIM PIN,2,10,2,10,3", pcui.Command("AT^CPIN?"));
        Assert.Contains("OK", pcui.Command("AT+CPIN=\"4321\""));
        Assert.Contains("+CPIN: READY", pcui.Command("AT+CPIN?"));
        Assert.Contains("+CGREG: 0,1", await UntilRegistered(pcui));

        await using var locked = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153", Card = new SimCardOptions { State = "pin", PinAttempts = 1 } });
        using var p2 = SimTestKit.Open(locked, "ttyUSB0");
        p2.Command("AT+CPIN=\"0000\"");
        Assert.Contains("+CPIN: SIM PUK", p2.Command("AT+CPIN?"));
        Assert.Contains("^CPIN: SIM PUK,10,10,0,10,3", p2.Command("AT^CPIN?"));
    }

    [Fact(Timeout = 20000)]
    public async Task Busy_and_absent_sims_answer_their_cme_errors()
    {
        await using var busy = await SimulatedModem.StartAsync(new SimOptions { Card = new SimCardOptions { BusyFor = TimeSpan.FromSeconds(30) } });
        using var p = SimTestKit.Open(busy, "ttyUSB0");
        Assert.Contains("+CME ERROR: SIM busy", p.Command("AT+CPIN?"));
        Assert.Contains("+CME ERROR: 14", p.Command("AT+CMEE=1;+CPIN?"));
        await using var absent = await SimulatedModem.StartAsync(new SimOptions { Card = new SimCardOptions { State = "absent" } });
        using var a = SimTestKit.Open(absent, "ttyUSB0");
        Assert.Contains("+CME ERROR: SIM not inserted", a.Command("AT+CPIN?"));
    }

    [Fact(Timeout = 20000)]
    public async Task Registration_urcs_follow_creg_settings_and_denied_is_stat_3()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Registration = "denied", RegistrationDelay = TimeSpan.FromMilliseconds(100) });
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        pcui.Command("AT+CREG=2;+CGREG=1;+CEREG=2");
        // Deregister and register again, so the URCs come after the settings whatever the machine's load.
        pcui.Command("AT+COPS=2");
        var start = pcui.Received.Length;
        pcui.Command("AT+COPS=0");
        Assert.True(pcui.ReadUntil(s => s.Contains("+CREG: 3") && s.Contains("+CGREG: 3") && s.Contains("+CEREG: 3"), start, 10000));
        Assert.Contains("+CREG: 2,3", pcui.Command("AT+CREG?"));
    }

    [Fact(Timeout = 20000)]
    public async Task Ppp_dial_enters_data_mode_and_escape_returns_to_command_mode()
    {
        await using var modem = await SimulatedModem.StartAsync(Fast("e3131"));
        using var mdm = SimTestKit.Open(modem, "ttyUSB0");
        await UntilRegistered(mdm);
        Assert.Contains("CONNECT 21600000", mdm.Command("ATD*99***1#", until: "CONNECT"));
        Assert.Equal("", mdm.Drain(100).Replace("\r\n", "")); // nothing but the tail of the CONNECT line
        mdm.Write("AT\r");
        Assert.DoesNotContain("OK", mdm.Drain(500));
        mdm.Write("+++");
        var start = mdm.Received.Length;
        Assert.True(mdm.ReadUntil(s => s.Contains("OK"), start, 10000));
        Assert.Contains("OK", mdm.Command("ATH"));
        Assert.Contains("OK", mdm.Command("AT"));
    }

    [Fact(Timeout = 20000)]
    public async Task Ppp_port_stuck_in_data_mode_after_an_unclean_close()
    {
        var o = Fast("e367");
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e367", StuckInDataMode = true, RegistrationDelay = o.RegistrationDelay, EscapeGuard = o.EscapeGuard,
        });
        using (var mdm = SimTestKit.Open(modem, "ttyUSB0"))
        {
            await UntilRegistered(mdm);
            Assert.Contains("CONNECT", mdm.Command("ATD*99#", until: "CONNECT"));
        }
        await Task.Delay(200);
        using var again = SimTestKit.Open(modem, "ttyUSB0");
        again.Write("AT\r");
        Assert.DoesNotContain("OK", again.Drain(500));
        again.Write("+++");
        var start = again.Received.Length;
        Assert.True(again.ReadUntil(s => s.Contains("OK"), start, 10000));
        Assert.Contains("OK", again.Command("ATH"));
    }
}
