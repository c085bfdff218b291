using WwanProto.ModemSim;
using WwanProto.ModemSim.Net;
using Xunit;

namespace WwanProto.Tests.Sim;

/// <summary>Storage-mode switching, resets, faults and the veth data link.</summary>
public sealed class SimBusTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s);

    [Fact(Timeout = 20000)]
    public async Task Storage_mode_switches_to_the_pid_the_message_asks_for()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "storage-1f01", SwitchDelay = TimeSpan.FromMilliseconds(50) });
        Assert.Equal("1f01", SimTestKit.Attr(modem, "1-1", "idProduct"));
        Assert.Equal("usb-storage", Path.GetFileName(new FileInfo(Path.Combine(modem.Paths.UsbDevices, "1-1:1.0", "driver")).LinkTarget));
        Assert.Empty(modem.Ports);
        Assert.False(modem.AcceptSwitchMessage(new byte[31]));
        Assert.False(modem.AcceptSwitchMessage(Hex("55534243123456780000000000000011063000000100010000000000000000")[..30]));
        // HuaweiAltMode (§1.3) -> 12d1:155e
        Assert.True(modem.AcceptSwitchMessage(Hex("55534243123456780000000000000011063000000100010000000000000000")));
        await SimTestKit.WaitForPid(modem, 0x155e, 3);
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        Assert.Contains("OK", pcui.Command("AT"));
        Assert.False(modem.AcceptSwitchMessage(Hex("55534243123456780000000000000011063000000100010000000000000000")));

        await using var hilink = await SimulatedModem.StartAsync(new SimOptions { Profile = "storage-1f01", SwitchDelay = TimeSpan.FromMilliseconds(50) });
        Assert.True(hilink.AcceptSwitchMessage(Hex("55534243123456780000000000000011062000000101000100000000000000"))); // HuaweiNewMode
        await SimTestKit.WaitForPid(hilink, 0x14dc, 0);
        Assert.Equal("cdc_ether", Path.GetFileName(new FileInfo(Path.Combine(hilink.Paths.UsbDevices, "1-1:1.0", "driver")).LinkTarget));
    }

    [Fact(Timeout = 20000)]
    public async Task Reset_closes_ports_and_brings_them_back_renumbered()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-320" });
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        Assert.Contains("OK", pcui.Command("AT"));
        var reset = modem.ResetAsync(TimeSpan.FromMilliseconds(300), comeBackAsStorage: false, renumber: true);
        pcui.ReadUntil(_ => false, pcui.Received.Length, 10000); // returns as soon as the port is gone
        Assert.True(pcui.Gone);
        await reset;
        Assert.Equal(new[] { "ttyUSB3", "ttyUSB4", "ttyUSB5" }, modem.Ports.Keys.Order());
        Assert.False(File.Exists(modem.Paths.Dev("ttyUSB2")));
        Assert.True(Directory.Exists(Path.Combine(modem.Paths.UsbDevices, "1-1:1.2", "ttyUSB5")));
        using var again = SimTestKit.Open(modem, "ttyUSB5");
        Assert.Contains("OK", again.Command("AT"));

        await modem.ResetAsync(TimeSpan.FromMilliseconds(50), comeBackAsStorage: true);
        Assert.Equal("1f01", SimTestKit.Attr(modem, "1-1", "idProduct"));
        Assert.Empty(modem.Ports);
    }

    [Fact(Timeout = 20000)]
    public async Task At_reset_on_hilink_firmware_comes_back_as_storage()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-320", ResetDownFor = TimeSpan.FromMilliseconds(50) });
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        Assert.Contains("OK", pcui.Command("AT^RESET"));
        await SimTestKit.WaitForPid(modem, 0x1f01, 0);
    }

    private static async Task<(string Bytes, IReadOnlyList<string> Trace)> FaultRun(int seed)
    {
        var faults = new SimFaults { SplitReads = true, InterleaveUrcs = true, GlueUrcToOk = true };
        // No registration change and no noise inside the run: only answers reach the client, whatever the machine's load.
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e3372h-320", Seed = seed, Faults = faults, Registration = "searching", NoisePeriod = TimeSpan.FromHours(1),
        });
        using var pcui = SimTestKit.Open(modem, "ttyUSB2");
        foreach (var cmd in new[] { "ATI", "AT+CGMM", "AT^SYSCFGEX?", "AT+CGSN", "AT^GETPORTMODE", "AT+CMEE?", "ATI" })
            pcui.Command(cmd);
        pcui.Drain(100);
        return (pcui.Received, modem.FaultTrace);
    }

    [Fact(Timeout = 20000)]
    public async Task Faults_are_deterministic_for_a_seed()
    {
        var a = await FaultRun(7);
        var b = await FaultRun(7);
        var c = await FaultRun(8);
        Assert.Equal(a.Trace, b.Trace);
        Assert.Equal(a.Bytes, b.Bytes);
        Assert.NotEqual(a.Trace, c.Trace);
        Assert.Contains(a.Trace, t => t.Contains("urc@") || t.Contains("glued"));
        Assert.Contains(a.Trace, t => t.Contains("split[") && !t.Contains("split[]"));
    }

    [Fact(Timeout = 20000)]
    public async Task Garbage_and_slow_answers_still_answer()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Faults = new SimFaults { Garbage = true, SlowAnswers = TimeSpan.FromMilliseconds(30) }, ColonStyle = "space",
        });
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        Assert.Contains("OK", pcui.Command("AT"));
        Assert.Contains(pcui.Received, c => c >= 0x80 || c < 0x09);
        Assert.Contains("^SYSCFGEX: \"00\"", pcui.Command("AT^SYSCFGEX?"));
        Assert.Contains("^GETPORTMODE: TYPE", pcui.Command("AT^GETPORTMODE"));
    }

    [Fact(Timeout = 20000)]
    public async Task Muted_port_answers_nothing_at_first()
    {
        await using var modem = await SimulatedModem.StartAsync(new SimOptions { Faults = new SimFaults { MuteAfterStart = TimeSpan.FromMilliseconds(1500) } });
        using var pcui = SimTestKit.Open(modem, "ttyUSB0");
        pcui.Write("AT\r");
        Assert.Equal("", pcui.Drain(200));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!pcui.Command("AT", timeoutMs: 300).Contains("OK") && DateTime.UtcNow < deadline) { }
        Assert.Contains("OK", pcui.Command("AT"));
    }

    [Fact(Timeout = 20000)]
    public async Task Veth_link_carries_the_gateway_and_follows_the_call()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip")) return;
        var hostNs = $"wwsimt-{Environment.ProcessId}-{Random.Shared.Next(100000)}";
        IpCommand.Run("netns", "add", hostNs);
        try
        {
            await using var modem = await SimulatedModem.StartAsync(new SimOptions
            {
                NetDev = "wwan0", CreateVeth = true, HostNetNs = hostNs, RegistrationDelay = TimeSpan.FromMilliseconds(50),
                NdisConnectDelay = TimeSpan.FromMilliseconds(50),
            });
            Assert.NotNull(modem.ModemNetNs);
            var (_, addr) = IpCommand.Capture("ip", "-n", modem.ModemNetNs!, "addr", "show", "dev", VethLink.ModemEnd);
            Assert.Contains($"{modem.Addresses.Gateway}/30", addr);
            IpCommand.Run("-n", hostNs, "link", "set", "wwan0", "up");
            using var pcui = SimTestKit.Open(modem, "ttyUSB0");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!pcui.Command("AT+CGREG?").Contains(",1") && DateTime.UtcNow < deadline) await Task.Delay(30);
            var start = pcui.Received.Length;
            pcui.Command("AT^NDISDUP=1,1,\"internet\"");
            Assert.True(pcui.ReadUntil(s => s.Contains("^NDISSTAT:1"), start, 10000));
            var (_, link) = IpCommand.Capture("ip", "-n", hostNs, "link", "show", "wwan0");
            Assert.Contains("LOWER_UP", link);
            IpCommand.Run("-n", hostNs, "addr", "add", $"{modem.Addresses.Client}/30", "dev", "wwan0");
            var (code, ping) = IpCommand.Capture("ip", "netns", "exec", hostNs, "busybox", "ping", "-c", "1", "-W", "2", modem.Addresses.Gateway.ToString());
            Assert.True(code == 0, ping);
        }
        finally
        {
            IpCommand.Capture("ip", "netns", "del", hostNs);
        }
    }
}
