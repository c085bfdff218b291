using Xunit;
using WwanProto.Core.Usb;

namespace WwanProto.Tests.Usb;

/// <summary>Kinds and port roles of the field reports' devices (huawei-modems.md §1.4–1.7, field-reports.md).</summary>
public class UsbTreeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void E3372h320_155e_roles_from_protocols_section_1_4_B(bool realShape)
    {
        using var t = new SysfsTree(realShape);
        FieldDevices.E3372h320(t);
        var d = Assert.Single(UsbTree.Load(t.Paths).Devices);
        Assert.Equal("12d1:155e", d.Id);
        Assert.Equal(ModemKind.Ncm, d.Kind);
        Assert.Equal(PortRole.Modem, d.Port("ttyUSB0")!.Role);
        Assert.Equal(PortRole.Diag, d.Port("ttyUSB1")!.Role);
        Assert.Equal(PortRole.Control, d.Port("ttyUSB2")!.Role);
        Assert.Equal(PortRole.Net, d.Port("wwan0")!.Role);
        Assert.DoesNotContain(d.Ports, p => p.Kind == PortKind.CdcWdm);
        Assert.Equal("cdc_ncm", d.Interfaces[3].Driver);
        Assert.Equal(5, d.Interfaces.Count);
        Assert.Equal(1, d.BusNum);
        Assert.Equal(3, d.DevNum);
        Assert.EndsWith(Path.Combine("bus", "usb", "001", "003"), d.UsbDevfsPath(t.Paths));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void E3372_stick_1506_five_interfaces_field_report_4(bool realShape)
    {
        using var t = new SysfsTree(realShape);
        FieldDevices.E3372Stick1506(t);
        var d = Assert.Single(UsbTree.Load(t.Paths).Devices);
        Assert.Equal(ModemKind.Ncm, d.Kind);
        Assert.Equal(5, d.Interfaces.Count);
        Assert.Equal(["ff/02/12", "ff/02/01", "ff/02/16", "08/06/50", "08/06/50"], d.Interfaces.Select(i => i.Triple));
        Assert.Equal(PortRole.Control, d.Port("ttyUSB0")!.Role);
        Assert.Equal(PortRole.Modem, d.Port("ttyUSB1")!.Role);
        Assert.Equal(PortRole.CdcWdmAt, d.Port("cdc-wdm0")!.Role);
        Assert.Equal(PortRole.Net, d.Port("wwan0")!.Role);
        Assert.Equal("huawei_cdc_ncm", d.Interfaces[2].Driver);
    }

    [Fact]
    public void Storage_1f01_needs_a_switch_and_a_flash_drive_is_no_modem()
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.Storage1f01(t);
        FieldDevices.FlashDrive(t);
        var tree = UsbTree.Load(t.Paths);
        Assert.Equal(ModemKind.Storage, tree.Find("1-1")!.Kind);
        Assert.Equal(ModemKind.None, tree.Find("2-1")!.Kind);
        Assert.Equal(0x01, tree.Find("1-1")!.Interfaces[0].BulkOutEndpoint);
        Assert.Equal(0x81, tree.Find("1-1")!.Interfaces[0].BulkInEndpoint);
        Assert.Single(tree.Modems);
    }

    [Fact]
    public void HiLink_14dc_is_cdc_ether_without_AT()
    {
        using var t = new SysfsTree();
        FieldDevices.HiLink14dc(t);
        var d = Assert.Single(UsbTree.Load(t.Paths).Devices);
        Assert.Equal(ModemKind.HiLink, d.Kind);
        Assert.Equal("eth1", Assert.Single(d.Ports).Name);
        Assert.Null(PortSelector.FromDescriptors(d).Control);
        Assert.Equal("eth1", PortSelector.FromDescriptors(d).NetDev);
    }

    [Fact]
    public void Nokia_phone_is_an_ACM_modem_with_AT_and_PPP_on_one_port()
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.NokiaAcm(t);
        var d = Assert.Single(UsbTree.Load(t.Paths).Devices);
        Assert.Equal(ModemKind.Acm, d.Kind);
        var port = Assert.Single(d.Ports);
        Assert.Equal(("ttyACM0", PortRole.Modem), (port.Name, port.Role));
        var selection = PortSelector.FromDescriptors(d);
        Assert.Equal("ttyACM0", selection.Control);
        Assert.Equal("ttyACM0", selection.Ppp);
    }

    [Fact]
    public void Android_RNDIS_tethering_is_ethernet_not_HiLink()
    {
        using var t = new SysfsTree();
        FieldDevices.AndroidRndis(t);
        var d = Assert.Single(UsbTree.Load(t.Paths).Devices);
        Assert.Equal(ModemKind.Ethernet, d.Kind);
        Assert.Equal("usb0", PortSelector.FromDescriptors(d).NetDev);
    }

    [Fact]
    public void E392_Qualcomm_is_QMI_with_ff_01_roles_section_1_4_E()
    {
        using var t = new SysfsTree();
        FieldDevices.E392Qmi(t);
        var d = Assert.Single(UsbTree.Load(t.Paths).Devices);
        Assert.Equal(ModemKind.Qmi, d.Kind);
        Assert.Equal([PortRole.Modem, PortRole.Control, PortRole.Diag, PortRole.CdcWdmQmi, PortRole.Net], d.Ports.Select(p => p.Role));
    }

    [Fact]
    public void Gateway_1001_is_PPP_only()
    {
        using var t = new SysfsTree();
        FieldDevices.Gateway1001(t);
        Assert.Equal(ModemKind.Ppp, Assert.Single(UsbTree.Load(t.Paths).Devices).Kind);
    }

    [Fact]
    public void Gateway_155e_with_ff_ff_ff_serials_has_unknown_roles()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372h153Gateway(t);
        var d = Assert.Single(UsbTree.Load(t.Paths).Devices);
        Assert.All(d.Ports.Where(p => p.Kind == PortKind.Tty), p => Assert.Equal(PortRole.Unknown, p.Role));
    }

    [Theory]
    [InlineData(0x12, PortRole.Control)]
    [InlineData(0x02, PortRole.Control)]
    [InlineData(0x01, PortRole.Modem)]
    [InlineData(0x10, PortRole.Modem)]
    [InlineData(0x03, PortRole.Diag)]
    [InlineData(0x13, PortRole.Diag)]
    [InlineData(0x14, PortRole.Gps)]
    [InlineData(0x42, PortRole.Control)] // Vodafone 0x30 offset
    [InlineData(0x72, PortRole.Control)] // "no HUAWEI string" 0x60 offset
    [InlineData(0x43, PortRole.Diag)]
    public void Protocol_codes_are_setport_codes_section_1_5(int protocol, PortRole role)
    {
        var iface = new UsbInterface { Name = "1-1:1.0", Number = 0, Class = 0xff, SubClass = 0x02, Protocol = protocol, Driver = "option" };
        Assert.Equal(role, PortRoles.ForTty(iface));
    }

    [Fact]
    public void Interface_strings_hint_roles_on_ME909u_section_1_4_G()
    {
        var iface = new UsbInterface { Name = "1-1:1.2", Number = 2, Class = 0xff, SubClass = 0xff, Protocol = 0xff, Driver = "option", Description = "HUAWEI Mobile Connect - Pcui" };
        Assert.Equal(PortRole.Control, PortRoles.ForTty(iface));
        Assert.Equal(PortRole.Modem, PortRoles.ForTty(iface with { Description = "HUAWEI Mobile Connect - Modem" }));
    }

    [Fact]
    public void Devices_are_ordered_by_port_path_and_hubs_skipped()
    {
        using var t = new SysfsTree();
        FieldDevices.Gateway1001(t, usb: "1-1.10");
        FieldDevices.E3372h320(t, usb: "1-1.2", firstTty: 3, net: "wwan1");
        Directory.CreateDirectory(Path.Combine(t.Paths.UsbDevices, "usb1"));
        File.WriteAllText(Path.Combine(t.Paths.UsbDevices, "usb1", "idVendor"), "1d6b\n");
        Assert.Equal(["1-1.2", "1-1.10"], UsbTree.Load(t.Paths).Devices.Select(d => d.Name));
    }

    [Fact]
    public void A_missing_tree_is_empty_not_an_error()
    {
        var paths = new WwanProto.Core.SystemPaths("/nonexistent-" + Guid.NewGuid(), "/dev", "/tmp", "/tmp");
        Assert.Empty(UsbTree.Load(paths).Devices);
    }
}
