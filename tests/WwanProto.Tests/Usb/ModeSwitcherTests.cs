using Xunit;
using WwanProto.Core.Native;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Tests.Usb;

/// <summary>The exact usbdevfs transfers of each switch, and the wait for re-enumeration.</summary>
public class ModeSwitcherTests
{
    private static readonly ModeSwitchOptions Fast = new() { WaitBound = TimeSpan.FromSeconds(5) };

    /// <summary>Each table entry: source, preference, the CBW expected on the wire (written out, not taken from the table).</summary>
    public static TheoryData<int, int, string, string> TableEntries => new()
    {
        { 0x12d1, 0x1f01, "stick", "55534243123456780000000000000011063000000100010000000000000000" },
        { 0x12d1, 0x1f01, "hilink", "55534243123456780000000000000011062000000101000100000000000000" },
        { 0x12d1, 0x14fe, "stick", "55534243123456780000000000000011060000000000000000000000000000" },
        { 0x12d1, 0x1446, "stick", "55534243123456780000000000000011060000000000000000000000000000" },
        { 0x12d1, 0x1505, "stick", "55534243123456780000000000000011062000000100000000000000000000" },
        { 0x12d1, 0x15ca, "stick", "55534243123456780000000000000011062000000100000000000000000000" },
        { 0x12d1, 0x15ca, "hilink", "55534243123456780000000000000011063000000100010000000000000000" },
        { 0x3426, 0x1f01, "hilink", "55534243123456780000000000000011062000000101000100000000000000" },
    };

    [Theory]
    [MemberData(nameof(TableEntries))]
    public async Task Table_entry_sends_exactly_this_CBW(int vendor, int product, string preference, string cbw)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t, vendor: vendor, product: product, devnum: 5);
        var device = UsbTree.Load(t.Paths).Devices.Single();
        var transport = new RecordingUsbTransport
        {
            // The device answers the message by re-enumerating as a modem at the same port.
            OnBulkOut = _ => { t.Remove("1-1"); FieldDevices.E3372Stick1506(t, devnum: 6); return true; },
        };
        var result = await new ModeSwitcher(t.Paths, transport, SwitchRules.OwnOnly, Fast)
            .SwitchAsync(device, UsbModePreferences.Parse(preference), cts.Token);

        Assert.Equal(31, Assert.Single(transport.BulkOuts).Length);
        Assert.Equal(
            [$"open {Path.Combine(t.Paths.DevRoot, "bus", "usb", "001", "005")}", "detach 0", "claim 0", $"out 01 {cbw}", "release 0", "close"],
            transport.Log);
        var bytes = transport.BulkOuts[0];
        Assert.Equal("USBC"u8.ToArray(), bytes[..4]);
        Assert.Equal(0x11, bytes[15]); // Huawei vendor "rewind"
        if (vendor == 0x12d1)
        {
            Assert.Equal(ModeSwitchOutcome.Switched, result.Outcome);
            Assert.Equal("12d1:1506", result.Device!.Id);
        }
    }

    [Fact]
    public async Task Usb_mode_json_generic_entry_reads_the_CSW_when_response_is_set()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t, product: 0x1505);
        var rules = new SwitchRules(UsbModeJson.Parse(System.Text.Encoding.UTF8.GetBytes(UsbModeJsonTests.Sample)), []);
        var transport = new RecordingUsbTransport { OnBulkOut = _ => { t.Remove("1-1"); FieldDevices.Gateway1001(t, usb: "1-1"); return true; } };
        var result = await new ModeSwitcher(t.Paths, transport, rules, Fast).SwitchAsync(UsbTree.Load(t.Paths).Devices.Single(), UsbModePreference.Stick, cts.Token);
        Assert.Equal(ModeSwitchOutcome.Switched, result.Outcome);
        Assert.Equal(["detach 0", "claim 0", $"out 01 {SwitchMessages.StickLinux}", "in 81 13", "release 0", "close"], transport.Log.Skip(1));
        Assert.Contains("usb-mode.json", result.Message);
    }

    [Fact]
    public async Task Already_switched_device_is_left_alone()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree();
        FieldDevices.E3372h320(t);
        var transport = new RecordingUsbTransport();
        var result = await new ModeSwitcher(t.Paths, transport, SwitchRules.OwnOnly, Fast)
            .SwitchAsync(UsbTree.Load(t.Paths).Devices.Single(), UsbModePreference.Stick, cts.Token);
        Assert.Equal(ModeSwitchOutcome.AlreadySwitched, result.Outcome);
        Assert.Empty(transport.Log);
    }

    [Fact]
    public async Task Switched_by_usbmode_while_we_wait_is_not_sent_again()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t);
        var device = UsbTree.Load(t.Paths).Devices.Single();
        var rules = new SwitchRules(UsbModeJson.Parse(System.Text.Encoding.UTF8.GetBytes(UsbModeJsonTests.Sample)), SwitchTable.Rules);
        var transport = new RecordingUsbTransport();
        var switcher = new ModeSwitcher(t.Paths, transport, rules, Fast with { DeferToUsbmode = TimeSpan.FromSeconds(5) });
        var task = switcher.SwitchAsync(device, UsbModePreference.HiLink, cts.Token);
        // usbmode (another process) switches it.
        t.Remove("1-1");
        FieldDevices.HiLink14dc(t);
        var result = await task;
        Assert.Equal(ModeSwitchOutcome.AlreadySwitched, result.Outcome);
        Assert.Contains("usbmode", result.Message);
        Assert.Empty(transport.Log);
    }

    [Fact]
    public async Task No_re_enumeration_within_the_bound_is_a_modeswitch_failure()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t);
        var result = await new ModeSwitcher(t.Paths, new RecordingUsbTransport(), SwitchRules.OwnOnly, new ModeSwitchOptions { WaitBound = TimeSpan.FromMilliseconds(300) })
            .SwitchAsync(UsbTree.Load(t.Paths).Devices.Single(), UsbModePreference.Stick, cts.Token);
        Assert.Equal(ModeSwitchOutcome.Failed, result.Outcome);
        Assert.Equal(ErrorCodes.ModeSwitchFailed, result.Error!.Code);
        Assert.Contains("did not come back as a modem within 0.3 s", result.Message);
    }

    [Fact]
    public async Task Transport_errors_are_reported_with_the_operation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t);
        var result = await new ModeSwitcher(t.Paths, new RecordingUsbTransport { FailOn = "claim" }, SwitchRules.OwnOnly, Fast)
            .SwitchAsync(UsbTree.Load(t.Paths).Devices.Single(), UsbModePreference.Stick, cts.Token);
        Assert.Equal(ModeSwitchOutcome.Failed, result.Outcome);
        Assert.Contains("claim 0", result.Message);
        Assert.Contains("No such device", result.Message);
    }

    [Fact]
    public async Task Usbmode_none_and_unknown_devices_send_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t, product: 0x1f99);
        var transport = new RecordingUsbTransport();
        var switcher = new ModeSwitcher(t.Paths, transport, SwitchRules.OwnOnly, Fast);
        var device = UsbTree.Load(t.Paths).Devices.Single();
        Assert.Equal(ModeSwitchOutcome.NotRequested, (await switcher.SwitchAsync(device, UsbModePreference.None, cts.Token)).Outcome);
        var none = await switcher.SwitchAsync(device, UsbModePreference.Stick, cts.Token);
        Assert.Equal(ModeSwitchOutcome.NoRule, none.Outcome);
        Assert.Contains("12d1:1f99", none.Message);
        Assert.Empty(transport.Log);
    }

    [Fact]
    public void Usbdevfs_request_numbers_for_64_and_32_bit()
    {
        var r64 = UsbDevfs.Requests.For(8);
        Assert.Equal(0xC0185502u, r64.Bulk);
        Assert.Equal(0x8004550Fu, r64.ClaimInterface);
        Assert.Equal(0x80045510u, r64.ReleaseInterface);
        Assert.Equal(0xC0105512u, r64.Ioctl);
        Assert.Equal(0x00005516u, r64.Disconnect);
        Assert.Equal(0x00005514u, r64.Reset); // linux/usbdevice_fs.h: USBDEVFS_RESET _IO('U', 20)
        var r32 = UsbDevfs.Requests.For(4);
        Assert.Equal(0xC0105502u, r32.Bulk);
        Assert.Equal(0xC00C5512u, r32.Ioctl);
        Assert.Equal(r64.ClaimInterface, r32.ClaimInterface);
        Assert.Equal(IntPtr.Size == 8 ? r64 : r32, UsbDevfs.Current);
    }

    [Fact]
    public void Real_transport_reports_a_missing_node_with_its_path()
    {
        var e = Assert.Throws<UsbTransportException>(() => new UsbDevfsTransport().Open("/nonexistent/bus/usb/001/002"));
        Assert.Contains("/nonexistent/bus/usb/001/002", e.Message);
        Assert.Equal(Libc.ENOENT, e.Errno);
    }

    [Fact]
    public void Real_transport_ioctls_on_a_non_usb_file_fail_cleanly()
    {
        var file = Path.GetTempFileName();
        try
        {
            using var handle = new UsbDevfsTransport().Open(file);
            var e = Assert.Throws<UsbTransportException>(() => handle.ClaimInterface(0));
            Assert.Contains("USBDEVFS_CLAIMINTERFACE", e.Message);
            Assert.Equal(Libc.ENOTTY, e.Errno);
        }
        finally { File.Delete(file); }
    }
}
