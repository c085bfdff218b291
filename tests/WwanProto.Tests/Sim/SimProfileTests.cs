using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Sim;

/// <summary>Each simulated profile shows the tree and answers of its real counterpart (huawei-modems.md §1.4, §1.7, §2).</summary>
public sealed class SimProfileTests
{
    [Theory(Timeout = 20000)]
    [InlineData("e3372h-153", "12d1", "1506", "1-1:1.0", "12", "ttyUSB0", "Model: E3372")]
    [InlineData("e3372h-320", "12d1", "155e", "1-1:1.2", "02", "ttyUSB2", "Model: E3372h-320")]
    [InlineData("e3131", "12d1", "1c05", "1-1:1.2", "02", "ttyUSB2", "Model: E3131")]
    [InlineData("e367", "12d1", "1506", "1-1:1.2", "02", "ttyUSB2", "Model: E367")]
    [InlineData("phone-acm", "0421", "0070", "1-1:1.0", "01", "ttyACM0", "Model: Nokia N95")]
    public async Task Profile_enumerates_and_its_control_port_answers(string profile, string vid, string pid, string controlIntf,
        string protocol, string controlPort, string model)
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = profile });
        Assert.Equal(vid, SimTestKit.Attr(modem, "1-1", "idVendor"));
        Assert.Equal(pid, SimTestKit.Attr(modem, "1-1", "idProduct"));
        Assert.Equal(protocol, SimTestKit.Attr(modem, controlIntf, "bInterfaceProtocol"));
        var tty = controlPort.StartsWith("ttyACM") ? Path.Combine("tty", controlPort) : controlPort;
        Assert.True(Directory.Exists(Path.Combine(modem.Paths.UsbDevices, controlIntf, tty)));
        Assert.Equal(modem.Ports[controlPort], new FileInfo(modem.Paths.Dev(controlPort)).LinkTarget);

        using var port = SimTestKit.Open(modem, controlPort);
        Assert.Contains("\r\nOK\r\n", port.Command("AT"));
        Assert.Contains(model, port.Command("ATI"));
    }

    [Fact(Timeout = 20000)]
    public async Task Stick_answers_the_basic_set_per_reference()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153", RegistrationDelay = TimeSpan.FromMilliseconds(50) });
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        var echoOff = pcui.Command("AT+CPIN?");
        Assert.StartsWith("\r\n+CPIN: READY\r\n\r\nOK\r\n", echoOff); // Balong: echo off at boot (§2.1)
        Assert.Contains("^CPIN: READY,,10,3,10,3", pcui.Command("AT^CPIN?"));
        Assert.Contains("^SETPORT:A1,A2;12,1,16,A1,A2", pcui.Command("AT^SETPORT?"));
        Assert.Contains("COMMAND NOT SUPPORT", pcui.Command("AT+NOSUCH"));
        Assert.Contains("+CME ERROR: 50", pcui.Command("AT+CMEE=1;^NDISDUP=1"));
        Assert.Contains("AT+CSQ\r\r\n+CSQ:", pcui.Command("ATE1;+CSQ") + pcui.Command("AT+CSQ"));
        pcui.Command("ATE0");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!pcui.Command("AT+CREG?").Contains("+CREG: 0,1") && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Contains("+CREG: 0,1", pcui.Command("AT+CREG?"));
        Assert.Contains("ERROR", pcui.Command("AT^DHCP?"));
    }

    [Fact(Timeout = 20000)]
    public async Task E3372h320_rejects_ATQ0_and_its_diag_port_stays_silent()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-320" });
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        Assert.Contains("ERROR", pcui.Command("ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0"));
        Assert.Contains("^GETPORTMODE: TYPE: WCDMA: huawei,,3g_modem:0,3g_diag:1,pcui:2,ncm:3", pcui.Command("AT^GETPORTMODE"));
        // This profile sends unsolicited ^SRVST/^HCSQ noise at any time; only the answer matters here.
        var setport = pcui.Command("AT^SETPORT?").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('^'));
        Assert.Equal(["ERROR"], setport);
        using var diag = SimTestKit.Open(modem, "ttyUSB1");
        diag.Write("AT\r");
        Assert.Equal("", diag.Drain(300));
        Assert.Equal(3, modem.BytesReceivedOn("ttyUSB1"));
        Assert.False(Directory.Exists(Path.Combine(modem.Paths.UsbDevices, "1-1:1.3", "usbmisc"))); // cdc_ncm: no cdc-wdm
        Assert.True(Directory.Exists(Path.Combine(modem.Paths.UsbDevices, "1-1:1.3", "net", "wwan0")));
    }

    [Fact(Timeout = 20000)]
    public async Task Phone_has_no_huawei_commands_and_echoes_by_default()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "phone-acm" });
        using var acm = SimTestKit.Open(modem, "ttyACM0");
        Assert.StartsWith("AT+CGMI\r", acm.Command("AT+CGMI"));
        Assert.Contains("\r\nERROR\r\n", acm.Command("AT^GETPORTMODE"));
        Assert.Contains("\r\nERROR\r\n", acm.Command("AT^SYSINFOEX"));
    }

    [Fact(Timeout = 20000)]
    public async Task Qualcomm_stick_sends_BOOT_reports()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e367", NoisePeriod = TimeSpan.FromMilliseconds(100) });
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        Assert.True(pcui.ReadUntil(s => s.Contains("^BOOT:"), 0, 10000));
    }
}
