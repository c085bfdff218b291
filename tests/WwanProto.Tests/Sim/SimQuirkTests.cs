using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Sim;

/// <summary>Firmware quirks the simulator reproduces (huawei-modems.md §4, §8).</summary>
public sealed class SimQuirkTests
{
    [Fact(Timeout = 20000)]
    public async Task Setport_composition_applies_after_AT_RESET()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153", ResetDownFor = TimeSpan.FromMilliseconds(50) });
        using (var pcui = SimTestKit.Open(modem, "ttyUSB0"))
        {
            Assert.Contains("OK", pcui.Command("AT^SETPORT=\"FF;12,10,16\""));
            Assert.Contains("^SETPORT:FF;12,10,16", pcui.Command("AT^SETPORT?"));
            Assert.Contains("OK", pcui.Command("AT^RESET"));
        }
        await SimTestKit.WaitForEnumeration(modem, 2, 3);
        Assert.Equal("10", SimTestKit.Attr(modem, "1-1:1.1", "bInterfaceProtocol"));
        Assert.Equal("16", SimTestKit.Attr(modem, "1-1:1.2", "bInterfaceProtocol"));
        Assert.Equal(" 3", File.ReadAllText(Path.Combine(modem.Paths.UsbDevices, "1-1", "bNumInterfaces")).TrimEnd('\n'));
        var control = modem.Ports.Keys.Order().First(k => k.StartsWith("ttyUSB"));
        using var again = SimTestKit.Open(modem, control);
        Assert.Contains("pcui:0,modem:1,ncm:2", again.Command("AT^GETPORTMODE"));
    }

    [Fact(Timeout = 20000)]
    public async Task Getportmode_crashes_the_me909u()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "me909u-521", ResetDownFor = TimeSpan.FromMilliseconds(50) });
        Assert.Equal("HUAWEI Mobile Connect - Pcui", SimTestKit.Attr(modem, "1-1:1.1", "interface"));
        using var pcui = SimTestKit.Open(modem, "ttyUSB1");
        Assert.Contains("OK", pcui.Command("AT"));
        var answer = pcui.Command("AT^GETPORTMODE", timeoutMs: 2000);
        Assert.DoesNotContain("OK", answer);
        // The crash is a reset the simulator runs off the reader thread; under load it can take seconds to close the port.
        Assert.True(pcui.Gone || !pcui.ReadUntil(_ => false, pcui.Received.Length, 10000) && pcui.Gone);
    }

    [Fact(Timeout = 20000)]
    public async Task Hilink_153_in_gateway_mode_has_ffffff_serials_and_bare_hcsq()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153-155e" });
        Assert.Equal("ff", SimTestKit.Attr(modem, "1-1:1.2", "bInterfaceProtocol"));
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        Assert.Equal("\r\nOK\r\n", pcui.Command("AT^HCSQ?"));
        Assert.Contains("ERROR", pcui.Command("AT^SETPORT?"));
        Assert.Contains("ERROR", pcui.Command("AT+CESQ"));
    }

    [Fact(Timeout = 20000)]
    public async Task Phone_reports_pin_retries_through_cpinr()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "phone-acm", Card = new SimCardOptions { State = "pin", PinAttempts = 3 } });
        using var acm = SimTestKit.Open(modem, "ttyACM0");
        Assert.Contains("+CPINR: SIM PIN,3,3", acm.Command("AT+CPINR=\"SIM PIN\""));
        Assert.Contains("\r\nERROR\r\n", acm.Command("AT^CPIN?"));
    }

    [Fact(Timeout = 20000)]
    public async Task Urcs_with_doubled_cr_and_creg_inside_the_creg_answer()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            DoubledCrUrcs = true, RegistrationDelay = TimeSpan.FromMilliseconds(50), NoisePeriod = TimeSpan.FromMilliseconds(100),
            Faults = new SimFaults { InterleaveUrcs = true }, Seed = 3,
        });
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        Assert.True(pcui.ReadUntil(s => s.Contains("\r\r\n^RSSI:"), 0, 10000));
        pcui.Command("AT^CURC=0;+CREG=2");
        var inside = false;
        for (var i = 0; i < 10 && !inside; i++)
        {
            var a = pcui.Command("AT+CREG?");
            inside = a.Contains("\r\n+CREG: 1,\"") && a.Contains("+CREG: 2,1,");
        }
        Assert.True(inside);
    }

    [Fact(Timeout = 20000)]
    public async Task Unknown_apn_is_rejected_with_cause_27()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            ExpectedApn = "internet", RegistrationDelay = TimeSpan.FromMilliseconds(20), NdisConnectDelay = TimeSpan.FromMilliseconds(20),
        });
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        var start = pcui.Received.Length;
        Assert.Contains("OK", pcui.Command("AT^NDISDUP=1,1,\"wrong.apn\""));
        Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:0,27,,\"IPV4\""), start, 10000));
    }

    [Fact]
    public void Command_line_maps_to_options()
    {
        var cli = WwanProto.ModemSim.Cli.CommandLine.Parse(
        [
            "--profile", "e3372h-320", "--seed", "9", "--fault", "split,urc,glue,garbage,slow=20,mute=1.5", "--card", "pin:4321:2,busy=3",
            "--netdev", "wwan7", "--veth", "--apn", "internet", "--control", "/tmp/x.ctl", "--info", "/tmp/x.json",
        ]);
        var o = cli.Options;
        Assert.Equal(("e3372h-320", 9, "wwan7", true, "internet"), (o.Profile, o.Seed, o.NetDev, o.CreateVeth, o.ExpectedApn));
        Assert.True(o.Faults.SplitReads && o.Faults.InterleaveUrcs && o.Faults.GlueUrcToOk && o.Faults.Garbage);
        Assert.Equal(TimeSpan.FromMilliseconds(20), o.Faults.SlowAnswers);
        Assert.Equal(TimeSpan.FromSeconds(1.5), o.Faults.MuteAfterStart);
        Assert.Equal(("pin", "4321", 2, TimeSpan.FromSeconds(3)), (o.Card.State, o.Card.Pin, o.Card.PinAttempts, o.Card.BusyFor));
        Assert.Equal(("/tmp/x.ctl", "/tmp/x.json"), (cli.ControlPath, cli.InfoPath));
        Assert.Throws<ArgumentException>(() => WwanProto.ModemSim.Cli.CommandLine.Parse(["--fault", "bogus"]));
    }

    [Fact(Timeout = 20000)]
    public async Task Ndisdup_on_the_modem_port_does_nothing_and_cdc_wdm_prints_unpadded_dhcp()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            RegistrationDelay = TimeSpan.FromMilliseconds(20), NdisConnectDelay = TimeSpan.FromMilliseconds(20),
        });
        using var mdm = SimTestKit.Open(modem, "ttyUSB1");
        Assert.Contains("OK", mdm.Command("AT^NDISDUP=1,1,\"internet\""));
        Assert.DoesNotContain("^NDISSTAT", mdm.Drain(300));
        Assert.Equal(WwanProto.ModemSim.Engine.NdisState.Idle, modem.NdisState);

        using var wdm = SimTestKit.Open(modem, "cdc-wdm0");
        var start = wdm.Received.Length;
        Assert.Contains("OK", wdm.Command("AT^NDISDUP=1,1,\"internet\""));
        Assert.True(wdm.ReadUntil(s => s.Contains("^NDISSTAT:1,,,\"IPV4\""), start, 10000));
        var dhcp = wdm.Command("AT^DHCP?").Split("^DHCP:")[1].Split(',');
        Assert.Equal(WwanProto.ModemSim.Net.AddressPlan.DhcpHex(modem.Addresses.Client, "unpadded"), dhcp[0]);
        Assert.Equal("FCFFFFFF", dhcp[1]);
    }
}
