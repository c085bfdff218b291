using Xunit;
using System.Collections.Concurrent;
using WwanProto.Core.Usb;

namespace WwanProto.Tests.Usb;

/// <summary>Port selection with a scripted probe (the simulator-backed tests use the real AT engine).</summary>
public class PortSelectorTests
{
    private sealed class ScriptedProbe(HashSet<string> answering, string? portMode = null) : IPortProbe
    {
        public readonly ConcurrentBag<string> Touched = new();
        public int GetPortModeCalls;

        public Task<bool> AnswersAtAsync(string devicePath, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Touched.Add(Path.GetFileName(devicePath));
            return Task.FromResult(answering.Contains(Path.GetFileName(devicePath)));
        }

        public Task<string?> GetPortModeAsync(string devicePath, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref GetPortModeCalls);
            Touched.Add(Path.GetFileName(devicePath));
            return Task.FromResult(portMode);
        }
    }

    private static async Task<(PortSelection, ScriptedProbe)> Select(SysfsTree t, ScriptedProbe probe)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var device = UsbTree.Load(t.Paths).Devices.Single();
        return (await PortSelector.SelectAsync(device, t.Paths, probe, cancellationToken: cts.Token), probe);
    }

    [Fact]
    public async Task E3372h320_control_is_ttyUSB2_ppp_ttyUSB0_and_diag_untouched()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372h320(t);
        var (s, probe) = await Select(t, new ScriptedProbe(["ttyUSB0", "ttyUSB2"]));
        Assert.Equal("ttyUSB2", s.Control);
        Assert.Equal("ttyUSB0", s.Ppp);
        Assert.Equal("wwan0", s.NetDev);
        Assert.Null(s.CdcWdm);
        Assert.DoesNotContain("ttyUSB1", probe.Touched);
        Assert.Equal(0, probe.GetPortModeCalls);
    }

    [Fact]
    public async Task Stick_1506_control_is_ttyUSB0_with_cdc_wdm_beside()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372Stick1506(t);
        var (s, _) = await Select(t, new ScriptedProbe(["ttyUSB0", "ttyUSB1", "cdc-wdm0"]));
        Assert.Equal("ttyUSB0", s.Control);
        Assert.Equal("ttyUSB1", s.Ppp);
        Assert.Equal("cdc-wdm0", s.CdcWdm);
        Assert.Equal("wwan0", s.NetDev);
    }

    [Fact]
    public async Task Silent_pcui_falls_back_to_the_cdc_wdm_AT_port_section_1_8()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372Stick1506(t);
        var (s, _) = await Select(t, new ScriptedProbe(["cdc-wdm0"]));
        Assert.Equal("cdc-wdm0", s.Control);
        Assert.Equal("ttyUSB1", s.Ppp); // PPP is chosen by role: a port left in data mode does not answer AT
    }

    [Fact]
    public async Task Ff_ff_ff_gateway_asks_getportmode_on_interface_0_and_never_touches_diag()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372h153Gateway(t);
        var probe = new ScriptedProbe(["ttyUSB0", "ttyUSB2"], "^GETPORTMODE: TYPE: WCDMA: huawei,,3g_modem:0,3g_diag:1,pcui:2,ncm:3");
        var (s, _) = await Select(t, probe);
        Assert.Equal(1, probe.GetPortModeCalls);
        Assert.Equal("ttyUSB2", s.Control);
        Assert.Equal("ttyUSB0", s.Ppp);
        Assert.Equal(PortRole.Diag, s.RoleOf("ttyUSB1"));
        Assert.Equal("^GETPORTMODE", s.Ports.Single(p => p.Name == "ttyUSB1").RoleSource);
        Assert.DoesNotContain("ttyUSB1", probe.Touched);
    }

    [Fact]
    public async Task No_getportmode_on_12d1_1573_which_crashes_on_it()
    {
        using var t = new SysfsTree();
        t.Device("1-1", 0x12d1, 0x1573)
            .Interface(0, 0xff, 0xff, 0xff, "option", ttys: ["ttyUSB0"], description: "HUAWEI Mobile Connect - Modem")
            .Interface(1, 0xff, 0xff, 0xff, "option", ttys: ["ttyUSB1"])
            .Interface(2, 0xff, 0xff, 0xff, "option", ttys: ["ttyUSB2"], description: "HUAWEI Mobile Connect - Pcui");
        var probe = new ScriptedProbe(["ttyUSB0", "ttyUSB2"], "^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0");
        var (s, _) = await Select(t, probe);
        Assert.Equal(0, probe.GetPortModeCalls);
        Assert.Equal("ttyUSB2", s.Control);
        Assert.Equal("ttyUSB0", s.Ppp);
    }

    [Fact]
    public async Task Legacy_configured_port_is_preferred_when_it_answers()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372h320(t);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var device = UsbTree.Load(t.Paths).Devices.Single();
        var s = await PortSelector.SelectAsync(device, t.Paths, new ScriptedProbe(["ttyUSB0", "ttyUSB2"]),
            new PortSelectorOptions { PreferredControl = "ttyUSB0" }, cts.Token);
        Assert.Equal("ttyUSB0", s.Control);
    }

    [Fact]
    public async Task Nothing_answers_means_no_control_port()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372h320(t);
        var (s, _) = await Select(t, new ScriptedProbe([]));
        Assert.Null(s.Control);
        Assert.All(s.Ports.Where(p => p.Answered is not null), p => Assert.False(p.Answered));
    }
}

/// <summary>^GETPORTMODE answers recorded in huawei-modems.md §2.13.</summary>
public class GetPortModeParserTests
{
    [Theory]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: huawei,,3g_modem:0,3g_diag:1,pcui:2,ncm:3", "3g_modem:0,3g_diag:1,pcui:2,ncm:3")]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1", "pcui:0,mdm:1")]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,PCUI:1,NDIS:2,CDROM:3,SD:4,", "mdm:0,pcui:1,ndis:2,cdrom:3,sd:4")]
    [InlineData("^getportmode:type:WCDMA:Qualcomm,NDIS:0,DIAG:1,PCUI:2,MDM:3,SD:4", "ndis:0,diag:1,pcui:2,mdm:3,sd:4")]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: ,pcui:1,modem:2,ncm:3,mass:4,mass_two:5,", "pcui:1,modem:2,ncm:3,mass:4,mass_two:5")]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: huawei ,, rndis: 0, pcui: 1, c_shell: 2, a_shell: 3,3g_diag: 4, gps: 5, 4g_diag: 6, mass_two: 7",
        "rndis:0,pcui:1,c_shell:2,a_shell:3,3g_diag:4,gps:5,4g_diag:6,mass_two:7")]
    public void Recorded_variants_section_2_13(string line, string expected)
    {
        var entries = GetPortModeParser.Parse(line)!;
        Assert.Equal(expected, string.Join(",", entries.Select(e => $"{e.Name}:{e.Number}")));
    }

    [Fact]
    public void Serial_entries_map_by_order_skipping_network_and_storage()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372h153Gateway(t);
        var device = UsbTree.Load(t.Paths).Devices.Single();
        var map = GetPortModeParser.MapToPorts(GetPortModeParser.Parse("^getportmode:type:WCDMA:Qualcomm,NDIS:0,DIAG:1,PCUI:2,MDM:3,SD:4")!, device);
        Assert.Equal(PortRole.Diag, map["ttyUSB0"]);
        Assert.Equal(PortRole.Control, map["ttyUSB1"]);
        Assert.Equal(PortRole.Modem, map["ttyUSB2"]);
    }

    [Fact]
    public void Not_a_getportmode_line_is_null() => Assert.Null(GetPortModeParser.Parse("+CGSN: 1"));
}
