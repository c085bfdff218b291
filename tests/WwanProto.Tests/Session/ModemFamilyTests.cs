using WwanProto.Core.Control;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>The modem kind and the `linktype` option pick control plane and data link together (one table).</summary>
public class ModemFamilyTests
{
    [Theory]
    [InlineData(ModemKind.Ncm, "auto", true, ControlPlaneKind.At, "ncm")]
    [InlineData(ModemKind.Ncm, "auto", false, ControlPlaneKind.At, "ppp")] // NCM driver not bound: PPP, as before
    [InlineData(ModemKind.Ncm, "ppp", true, ControlPlaneKind.At, "ppp")]
    [InlineData(ModemKind.Ncm, "ncm", false, ControlPlaneKind.At, "ncm")] // the link then says NO_IFACE
    [InlineData(ModemKind.Ppp, "auto", false, ControlPlaneKind.At, "ppp")]
    [InlineData(ModemKind.Acm, "auto", false, ControlPlaneKind.At, "ppp")]
    [InlineData(ModemKind.None, "auto", false, ControlPlaneKind.At, "ppp")]
    [InlineData(ModemKind.Qmi, "auto", true, ControlPlaneKind.Qmi, "qmi")]
    [InlineData(ModemKind.Qmi, "qmi", true, ControlPlaneKind.Qmi, "qmi")]
    [InlineData(ModemKind.Qmi, "ppp", true, ControlPlaneKind.At, "ppp")] // E392's modem port, AT on its PCUI
    [InlineData(ModemKind.HiLink, "auto", true, ControlPlaneKind.HiLink, "ethernet")]
    [InlineData(ModemKind.HiLink, "hilink", true, ControlPlaneKind.HiLink, "ethernet")]
    [InlineData(ModemKind.Ethernet, "auto", true, ControlPlaneKind.None, "ethernet")]
    public void KindAndLinktypeChooseControlPlaneAndLink(ModemKind kind, string linkType, bool netDev, ControlPlaneKind plane, string link)
    {
        var family = ModemFamily.Choose(kind, linkType, netDev, "1-1 12d1:1506");
        Assert.Equal(plane, family.Control);
        Assert.Equal(link, family.Link);
    }

    [Theory]
    [InlineData(ModemKind.Qmi, "ncm", "QMI modem")] // never ^NDISDUP on a qmi_wwan netdev
    [InlineData(ModemKind.HiLink, "ppp", "HiLink stick")]
    [InlineData(ModemKind.Ethernet, "ncm", "tethering")]
    [InlineData(ModemKind.Ncm, "qmi", "AT modem (ncm)")]
    [InlineData(ModemKind.Ppp, "hilink", "AT modem (ppp)")]
    public void LinktypeTheModemCannotDoIsAFatalUnsupportedModem(ModemKind kind, string linkType, string says)
    {
        var e = Assert.Throws<SessionException>(() => ModemFamily.Choose(kind, linkType, true, "1-4 12d1:1506"));
        Assert.Equal(ErrorCodes.UnsupportedModem, e.Error.Code);
        Assert.True(e.Error.Fatal);
        Assert.Contains($"linktype {linkType}", e.Error.Message);
        Assert.Contains(says, e.Error.Message);
        Assert.Contains("1-4 12d1:1506", e.Error.Message);
    }

    /// <summary>The field devices' sysfs shapes: what the classifier makes of them decides the pair.</summary>
    [Fact]
    public void FieldDevicesGetTheirFamilies()
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.E392Qmi(t);
        FieldDevices.HiLink14dc(t, usb: "1-1");
        FieldDevices.AndroidRndis(t);
        FieldDevices.E3372h320(t, usb: "1-6", firstTty: 10, net: "wwan1");
        FieldDevices.NokiaAcm(t);
        var tree = UsbTree.Load(t.Paths);
        ModemFamily Of(string usb)
        {
            var device = tree.Find(usb)!;
            return ModemFamily.Choose(device.Kind, "auto", PortSelector.FromDescriptors(device).NetDev is not null, device.Describe());
        }
        Assert.Equal(ModemFamily.Qmi, Of("1-4"));
        Assert.Equal(ModemFamily.HiLink, Of("1-1"));
        Assert.Equal(ModemFamily.Tethering, Of("1-3"));
        Assert.Equal(ModemFamily.AtNcm, Of("1-6"));
        Assert.Equal(ModemFamily.AtPpp, Of("1-2"));
    }

    [Theory]
    [InlineData("1-4", "qmi", "QMI")]
    [InlineData("1-1", "hilink", "HiLink web API")]
    public async Task ControlPlaneNotBuiltYetIsUnsupportedModemNamingTheKindBeforeAnyPortIsOpened(string usb, string kind, string plane)
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.E392Qmi(t);
        FieldDevices.HiLink14dc(t);
        var device = UsbTree.Load(t.Paths).Find(usb)!;
        var selection = PortSelector.FromDescriptors(device);
        var family = ModemFamily.Choose(device.Kind, "auto", selection.NetDev is not null, device.Describe());
        // The tree's /dev has no nodes: had it tried to open an AT port, this would be an IOException.
        var e = await Assert.ThrowsAsync<SessionException>(() =>
            ControlPlanes.Default.OpenAsync(new ControlPlaneContext(device, selection, family, t.Paths, _ => { }), CancellationToken.None));
        Assert.Equal(ErrorCodes.UnsupportedModem, e.Error.Code);
        Assert.True(e.Error.Fatal);
        Assert.Contains($"is a {kind} modem", e.Error.Message);
        Assert.Contains(plane, e.Error.Message);
    }

    [Fact]
    public async Task RegisteredOpenerIsUsedForItsKind()
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.E392Qmi(t);
        var device = UsbTree.Load(t.Paths).Find("1-4")!;
        var selection = PortSelector.FromDescriptors(device);
        ControlPlaneContext? seen = null;
        var planes = new ControlPlanes
        {
            Qmi = (context, _) =>
            {
                seen = context;
                return Task.FromResult(new OpenedControl(new NoModemControl("cdc-wdm0", null, null, null)));
            },
        };
        var opened = await planes.OpenAsync(new ControlPlaneContext(device, selection, ModemFamily.Qmi, t.Paths, _ => { }), CancellationToken.None);
        Assert.Null(opened.At);
        Assert.Equal("cdc-wdm0", seen!.Ports.CdcWdm);
        Assert.Equal("wwan0", seen.Ports.NetDev);
    }

    [Fact]
    public async Task TetheringPhoneHasNoControlPlaneAndItsIdentityFromTheUsbDescriptors()
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.AndroidRndis(t);
        var device = UsbTree.Load(t.Paths).Find("1-3")!;
        var opened = await ControlPlanes.Default.OpenAsync(
            new ControlPlaneContext(device, PortSelector.FromDescriptors(device), ModemFamily.Tethering, t.Paths, _ => { }), CancellationToken.None);
        Assert.Equal(ControlFeatures.None, opened.Control.Features);
        Assert.Null(opened.At);
        var identity = await opened.Control.ReadIdentityAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(("Google", "Pixel"), (identity.Manufacturer, identity.Model));
        var e = await Assert.ThrowsAsync<SessionException>(() => opened.Control.QuerySimAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Contains("not available", e.Error.Message);
    }
}
