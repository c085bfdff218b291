using Xunit;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;

namespace WwanProto.Tests.Usb;

/// <summary>Every `device` form (OptionSchema "device"), on field-report trees.</summary>
public class DeviceResolverTests
{
    private static UsbTree Mixed(SysfsTree t)
    {
        FieldDevices.E3372h320(t, usb: "1-1.2");
        FieldDevices.NokiaAcm(t, usb: "1-1.3");
        FieldDevices.FlashDrive(t);
        return UsbTree.Load(t.Paths);
    }

    [Theory]
    [InlineData("1-1.2", "1-1.2")]
    [InlineData("1-1.2:1.0", "1-1.2")]
    [InlineData("/sys/bus/usb/devices/1-1.2", "1-1.2")]
    [InlineData("/sys/devices/platform/ehci-platform/usb1/1-1/1-1.2", "1-1.2")]
    [InlineData("/sys/devices/platform/ehci-platform/usb1/1-1/1-1.2/1-1.2:1.2", "1-1.2")]
    [InlineData("12d1:155e", "1-1.2")]
    [InlineData("0421:0518@1", "1-1.3")]
    [InlineData("/dev/ttyUSB2", "1-1.2")]
    [InlineData("/dev/ttyACM0", "1-1.3")]
    public void Forms_resolve(string device, string expected)
    {
        using var t = new SysfsTree(realShape: true);
        var result = DeviceResolver.Resolve(Mixed(t), device);
        Assert.True(result.Found, result.Error?.Message);
        Assert.Equal(expected, result.Device!.Name);
    }

    [Fact]
    public void Legacy_tty_path_keeps_the_named_port()
    {
        using var t = new SysfsTree();
        var result = DeviceResolver.Resolve(Mixed(t), "/dev/ttyUSB0");
        Assert.Equal("ttyUSB0", result.PortName);
    }

    [Fact]
    public void Cdc_wdm_path_maps_back_to_its_device()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372Stick1506(t, usb: "2-1", wdm: 1);
        Assert.Equal("2-1", DeviceResolver.Resolve(UsbTree.Load(t.Paths), "/dev/cdc-wdm1").Require().Name);
    }

    [Fact]
    public void Auto_with_several_modems_is_ambiguous_and_names_them()
    {
        using var t = new SysfsTree();
        var result = DeviceResolver.Resolve(Mixed(t), "auto");
        Assert.Equal(ErrorCodes.AmbiguousDevice, result.Error!.Code);
        Assert.Contains("1-1.2 12d1:155e", result.Error.Message);
        Assert.Contains("1-1.3 0421:0518", result.Error.Message);
        Assert.DoesNotContain("2-1 0781", result.Error.Message.Split("found:")[1].Split("; set")[0]);
        Assert.Throws<SessionException>(() => result.Require());
    }

    [Fact]
    public void Auto_with_one_modem_picks_it_even_next_to_a_flash_drive()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372Stick1506(t);
        FieldDevices.FlashDrive(t);
        Assert.Equal("1-1", DeviceResolver.Resolve(UsbTree.Load(t.Paths), "auto").Require().Name);
    }

    [Fact]
    public void Auto_with_no_modem_is_no_device_and_lists_what_is_there()
    {
        using var t = new SysfsTree();
        FieldDevices.FlashDrive(t);
        var result = DeviceResolver.Resolve(UsbTree.Load(t.Paths), "auto");
        Assert.Equal(ErrorCodes.NoDevice, result.Error!.Code);
        Assert.Contains("0781:5567", result.Error.Message);
    }

    [Theory]
    [InlineData("1-9", "no USB device at port 1-9")]
    [InlineData("12d1:1506", "no 12d1:1506 device is present")]
    [InlineData("12d1:155e@2", "only 1 12d1:155e device(s) present (1-1.2)")]
    [InlineData("/dev/ttyUSB7", "no USB modem has a port named ttyUSB7")]
    public void Misses_are_no_device_with_a_specific_message(string device, string text)
    {
        using var t = new SysfsTree();
        var result = DeviceResolver.Resolve(Mixed(t), device);
        Assert.Equal(ErrorCodes.NoDevice, result.Error!.Code);
        Assert.Contains(text, result.Error.Message);
        Assert.Contains($"'{device}'", result.Error.Message);
    }

    [Fact]
    public void Two_identical_sticks_vid_pid_at_n_in_port_order()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372Stick1506(t, usb: "1-1.4", firstTty: 2, wdm: 1, net: "wwan1");
        FieldDevices.E3372Stick1506(t, usb: "1-1.3", firstTty: 0, wdm: 0, net: "wwan0");
        var tree = UsbTree.Load(t.Paths);
        Assert.Equal("1-1.3", DeviceResolver.Resolve(tree, "12d1:1506").Require().Name);
        Assert.Equal("1-1.3", DeviceResolver.Resolve(tree, "12d1:1506@1").Require().Name);
        Assert.Equal("1-1.4", DeviceResolver.Resolve(tree, "12d1:1506@2").Require().Name);
    }

    private sealed class ImeiBySerial(Dictionary<string, string> imeis) : IImeiLookup
    {
        public int Calls;
        public Task<string?> GetImeiAsync(UsbDevice device, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(device.Serial is { } s && imeis.TryGetValue(s, out var imei) ? imei : null);
        }
    }

    [Fact]
    public async Task Two_identical_sticks_told_apart_by_IMEI_and_followed_across_a_replug()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree(realShape: true);
        // Identical sticks; the lookup stands in for AT+CGSN on each one's control port.
        FieldDevices.E3372Stick1506(t, usb: "1-1.3", firstTty: 0, wdm: 0, net: "wwan0", serial: "A");
        FieldDevices.E3372Stick1506(t, usb: "1-1.4", firstTty: 2, wdm: 1, net: "wwan1", serial: "B");
        var lookup = new ImeiBySerial(new() { ["A"] = "861234567890121", ["B"] = "861234567890139" });

        var second = await DeviceResolver.ResolveAsync(UsbTree.Load(t.Paths), "imei:861234567890139", lookup, cts.Token);
        Assert.Equal("1-1.4", second.Require().Name);
        Assert.Equal("ttyUSB2", second.Device!.PortsWith(PortRole.Control).Single().Name);

        // Replug the second stick into another port: it comes back with other tty numbers.
        t.Remove("1-1.4");
        FieldDevices.E3372Stick1506(t, usb: "1-1.1", firstTty: 5, wdm: 3, net: "wwan2", devnum: 9, serial: "B");
        var again = await DeviceResolver.ResolveAsync(UsbTree.Load(t.Paths), "imei:861234567890139", lookup, cts.Token);
        Assert.Equal("1-1.1", again.Require().Name);
        Assert.Equal("ttyUSB5", again.Device!.PortsWith(PortRole.Control).Single().Name);
        Assert.Equal("cdc-wdm3", again.Device.PortsWith(PortRole.CdcWdmAt).Single().Name);

        var missing = await DeviceResolver.ResolveAsync(UsbTree.Load(t.Paths), "imei:111111111111111", lookup, cts.Token);
        Assert.Equal(ErrorCodes.NoDevice, missing.Error!.Code);
        Assert.Contains("861234567890121", missing.Error.Message);
    }

    [Fact]
    public void Replug_renumbers_ttys_but_the_usb_path_still_resolves()
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.E3372h320(t, usb: "1-1.2");
        Assert.Equal("ttyUSB2", DeviceResolver.Resolve(UsbTree.Load(t.Paths), "1-1.2").Require().PortsWith(PortRole.Control).Single().Name);
        t.Remove("1-1.2");
        FieldDevices.E3372h320(t, usb: "1-1.2", firstTty: 3, devnum: 7);
        var d = DeviceResolver.Resolve(UsbTree.Load(t.Paths), "1-1.2").Require();
        Assert.Equal("ttyUSB5", d.PortsWith(PortRole.Control).Single().Name);
        Assert.Equal(7, d.DevNum);
        // The old tty name of a legacy config now names nothing.
        Assert.False(DeviceResolver.Resolve(UsbTree.Load(t.Paths), "/dev/ttyUSB2").Found);
    }

    [Fact]
    public void Imei_form_without_a_lookup_explains_itself()
    {
        using var t = new SysfsTree();
        var result = DeviceResolver.Resolve(Mixed(t), "imei:861234567890121");
        Assert.Equal(ErrorCodes.NoDevice, result.Error!.Code);
        Assert.Contains("AT+CGSN", result.Error.Message);
    }
}
