using WwanProto.Core.Usb.Hotplug;
using WwanProto.Core.Usb.Switching;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.Hotplug;

/// <summary>Which interface an event belongs to, and what is done about it (in process; the script tests run busybox).</summary>
public class HotplugHandlerTests
{
    private sealed class RecordingNotifier : IInterfaceNotifier
    {
        public List<string> Calls { get; } = [];
        public bool Fail { get; init; }

        public Task SetAvailableAsync(string iface, bool available, CancellationToken cancellationToken)
        {
            if (Fail) throw new IOException("ubus socket gone");
            lock (Calls) Calls.Add($"{iface}={(available ? 1 : 0)}");
            return Task.CompletedTask;
        }
    }

    private static HotplugEvent Event(string subsystem, string action, string devpath, string? devname = null, string? devtype = null) => new()
    {
        Subsystem = subsystem, Action = action, DevPath = devpath, DevName = devname, DevType = devtype,
    };

    private static string TtyPath(string usb, int iface, string tty) => $"/devices/platform/ehci-platform/usb1/{usb}/{usb}:1.{iface}/{tty}/tty/{tty}";

    private static async Task<(RecordingNotifier, RecordingUsbTransport, List<string>)> Handle(SysfsTree t, WwanInterface[] ifaces, HotplugEvent e,
        SwitchRules? rules = null, bool usbmodeInstalled = false, RecordingUsbTransport? transport = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var notifier = new RecordingNotifier();
        transport ??= new RecordingUsbTransport();
        var log = new List<string>();
        var ok = await new HotplugHandler(t.Paths, ifaces, notifier, transport, rules ?? SwitchRules.OwnOnly, usbmodeInstalled, log.Add).HandleAsync(e, cts.Token);
        Assert.True(ok, string.Join("\n", log));
        return (notifier, transport, log);
    }

    private static readonly WwanInterface[] TwoWans = [new("wan", "1-1.2", "stick"), new("lte", "1-1.3", "stick")];

    [Fact]
    public async Task Port_add_marks_only_the_interface_whose_device_it_is_available()
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.E3372h320(t, usb: "1-1.2");
        var (n, _, _) = await Handle(t, TwoWans, Event("tty", "add", TtyPath("1-1.2", 2, "ttyUSB2"), "ttyUSB2"));
        Assert.Equal(["wan=1"], n.Calls);
    }

    [Theory]
    [InlineData("bind")]
    [InlineData("unbind")]
    [InlineData("change")]
    public async Task Bind_and_other_actions_are_ignored(string action)
    {
        using var t = new SysfsTree();
        var (n, _, _) = await Handle(t, TwoWans, Event("usb", action, "/devices/platform/ehci-platform/usb1/1-1.2/1-1.2:1.0", devtype: "usb_interface"));
        Assert.Empty(n.Calls);
    }

    [Fact]
    public async Task Remove_marks_unavailable_only_when_the_device_is_gone()
    {
        using var t = new SysfsTree(realShape: true);
        FieldDevices.E3372h320(t, usb: "1-1.2");
        // tty removal comes first, while the USB device is still there: nothing yet.
        var (early, _, _) = await Handle(t, TwoWans, Event("tty", "remove", TtyPath("1-1.2", 2, "ttyUSB2"), "ttyUSB2"));
        Assert.DoesNotContain("wan=0", early.Calls);
        t.Remove("1-1.2");
        var (late, _, _) = await Handle(t, TwoWans, Event("usb", "remove", "/devices/platform/ehci-platform/usb1/1-1.2", devtype: "usb_device"));
        Assert.Equal(["wan=0", "lte=0"], late.Calls);
    }

    [Fact]
    public async Task Legacy_tty_device_follows_its_tty()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372h320(t);
        WwanInterface[] legacy = [new("wan", "/dev/ttyUSB2", "stick")];
        Assert.Equal(["wan=1"], (await Handle(t, legacy, Event("tty", "add", TtyPath("1-1", 2, "ttyUSB2"), "ttyUSB2"))).Item1.Calls);
        t.Remove("1-1");
        Assert.Equal(["wan=0"], (await Handle(t, legacy, Event("tty", "remove", TtyPath("1-1", 2, "ttyUSB2"), "ttyUSB2"))).Item1.Calls);
    }

    [Fact]
    public async Task Replug_with_renumbered_ttys_is_the_same_interface()
    {
        using var t = new SysfsTree(realShape: true);
        WwanInterface[] byVidPid = [new("wan", "12d1:1506", "stick")];
        FieldDevices.E3372Stick1506(t, usb: "1-1.4", firstTty: 3, wdm: 1, net: "wwan1");
        var (n, _, _) = await Handle(t, byVidPid, Event("net", "add", "/devices/platform/ehci-platform/usb1/1-1.4/1-1.4:1.2/net/wwan1", "wwan1"));
        Assert.Equal(["wan=1"], n.Calls);
    }

    [Fact]
    public async Task Imei_interfaces_are_matched_by_presence_without_AT()
    {
        using var t = new SysfsTree();
        FieldDevices.E3372Stick1506(t, usb: "1-1.3");
        FieldDevices.HiLink14dc(t, usb: "1-1.4");
        WwanInterface[] byImei = [new("wan", "imei:861234567890121", "stick")];
        Assert.Equal(["wan=1"], (await Handle(t, byImei, Event("tty", "add", TtyPath("1-1.3", 0, "ttyUSB0"), "ttyUSB0"))).Item1.Calls);
        // A HiLink stick has no AT port: it cannot be the one.
        Assert.Empty((await Handle(t, byImei, Event("net", "add", "/devices/x/usb1/1-1.4/1-1.4:1.0/net/eth1", "eth1"))).Item1.Calls);
        t.Remove("1-1.3");
        Assert.Equal(["wan=0"], (await Handle(t, byImei, Event("usb", "remove", "/devices/x/usb1/1-1.3", devtype: "usb_device"))).Item1.Calls);
    }

    [Fact]
    public async Task Storage_stick_is_switched_per_the_interface_usbmode_without_waiting()
    {
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t, usb: "1-1.2");
        var add = Event("usb", "add", "/devices/platform/ehci-platform/usb1/1-1.2", devtype: "usb_device");

        var (_, stick, log) = await Handle(t, [new("wan", "auto", "stick")], add);
        Assert.Contains($"out 01 {SwitchMessages.HuaweiAlt}", stick.Log);
        Assert.Contains(log, l => l.Contains("sent", StringComparison.Ordinal));

        var (_, hilink, _) = await Handle(t, [new("wan", "12d1:14dc", "hilink")], add);
        Assert.Contains($"out 01 {SwitchMessages.HuaweiNew}", hilink.Log);

        var (_, none, noneLog) = await Handle(t, [new("wan", "auto", "none")], add);
        Assert.Empty(none.Log);
        Assert.Contains(noneLog, l => l.Contains("usbmode is none"));

        // Another port's interface does not claim it.
        var (_, other, _) = await Handle(t, [new("wan", "1-1.3", "stick")], add);
        Assert.Empty(other.Log);

        // The interface events of the same device do not trigger a second switch.
        var (_, iface, _) = await Handle(t, [new("wan", "auto", "stick")], Event("usb", "add", "/devices/x/usb1/1-1.2/1-1.2:1.0", devtype: "usb_interface"));
        Assert.Empty(iface.Log);
    }

    [Fact]
    public async Task Storage_stick_is_left_to_usbmode_when_its_usb_mode_json_gives_the_same_mode()
    {
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t);
        var rules = new SwitchRules(UsbModeJson.Parse(System.Text.Encoding.UTF8.GetBytes(UsbModeJsonTests.Sample)), SwitchTable.Rules);
        var add = Event("usb", "add", "/devices/x/usb1/1-1", devtype: "usb_device");

        var (_, hilink, log) = await Handle(t, [new("wan", "auto", "hilink")], add, rules, usbmodeInstalled: true);
        Assert.Empty(hilink.Log);
        Assert.Contains(log, l => l.Contains("left to OpenWrt's usbmode"));

        // usb-mode.json would make it HiLink; the interface wants stick: our HuaweiAlt goes out.
        var (_, stick, _) = await Handle(t, [new("wan", "auto", "stick")], add, rules, usbmodeInstalled: true);
        Assert.Contains($"out 01 {SwitchMessages.HuaweiAlt}", stick.Log);
    }

    [Fact]
    public async Task A_failing_notification_is_reported_not_swallowed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var t = new SysfsTree();
        FieldDevices.E3372h320(t, usb: "1-1.2");
        var log = new List<string>();
        var handler = new HotplugHandler(t.Paths, TwoWans, new RecordingNotifier { Fail = true }, new RecordingUsbTransport(), SwitchRules.OwnOnly, false, log.Add);
        Assert.False(await handler.HandleAsync(Event("tty", "add", TtyPath("1-1.2", 2, "ttyUSB2"), "ttyUSB2"), cts.Token));
        Assert.Contains(log, l => l.Contains("wan: could not mark available: ubus socket gone"));
    }

    [Fact]
    public void Devpath_names_the_usb_device()
    {
        Assert.Equal("1-1.2", Event("tty", "add", TtyPath("1-1.2", 2, "ttyUSB2")).UsbDeviceName);
        Assert.Equal("2-1", Event("usb", "add", "/devices/pci0000:00/0000:00:14.0/usb2/2-1").UsbDeviceName);
        Assert.Equal("2-1", Event("usbmisc", "add", "/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.2/usbmisc/cdc-wdm0").UsbDeviceName);
        Assert.Null(Event("net", "add", "/devices/virtual/net/br-lan").UsbDeviceName);
        Assert.Equal((0x12d1, 0x1f01), (Event("usb", "add", "/x") with { Product = "12d1/1f01/102" }).ProductIds);
    }
}

/// <summary>The network config read through the UCI library.</summary>
public class NetworkConfigTests
{
    [Fact]
    public void Reads_enabled_huaweiwwan_interfaces_with_device_and_usbmode()
    {
        var dir = Directory.CreateTempSubdirectory("wwan-uci-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "network"), """
                config interface 'loopback'
                	option device 'lo'
                	option proto 'static'

                config interface 'wan'
                	option proto 'huaweiwwan'
                	option device '1-1.2'
                	option apn 'internet'

                config interface 'lte'
                	option proto 'huaweiwwan'
                	option device 'imei:861234567890121'
                	option usbmode 'hilink'

                config interface 'old'
                	option proto 'huaweiwwan'
                	option disabled '1'

                config interface 'wan3g'
                	option proto '3g'
                	option device '/dev/ttyUSB0'
                """);
            var (interfaces, problem) = NetworkConfig.Read(dir);
            Assert.Null(problem);
            Assert.Equal([new WwanInterface("wan", "1-1.2", "stick"), new WwanInterface("lte", "imei:861234567890121", "hilink")], interfaces);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_missing_config_is_a_message_not_a_crash()
    {
        var (interfaces, problem) = NetworkConfig.Read("/nonexistent-" + Guid.NewGuid());
        Assert.Empty(interfaces);
        Assert.Contains("cannot read", problem);
    }
}
