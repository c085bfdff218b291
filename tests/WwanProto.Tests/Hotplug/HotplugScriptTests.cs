using System.Diagnostics;
using WwanProto.Tests.Ubus;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.Hotplug;

/// <summary>
/// The /etc/hotplug.d scripts under Debian's busybox ash, with the environment procd sets, calling the
/// real binary, which talks to a ubusd/netifd double over a unix socket.
/// </summary>
public sealed class HotplugScriptTests : IAsyncLifetime
{
    private readonly SysfsTree _tree = new(realShape: true);
    private readonly UbusdDouble _ubus = new();
    private readonly string _conf = Directory.CreateTempSubdirectory("wwan-hotplug-conf-").FullName;

    public Task InitializeAsync()
    {
        _ubus.AddInterface("wan");
        _ubus.AddInterface("lte");
        File.WriteAllText(Path.Combine(_conf, "network"), """
            config interface 'wan'
            	option proto 'huaweiwwan'
            	option device '1-1.2'

            config interface 'lte'
            	option proto 'huaweiwwan'
            	option device '12d1:1506'
            	option usbmode 'stick'
            """);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ubus.DisposeAsync();
        _tree.Dispose();
        Directory.Delete(_conf, true);
    }

    private static string Script(string subsystem)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "WwanProto.sln"))) dir = Path.GetDirectoryName(dir)!;
        return Path.Combine(dir, "hotplug", subsystem);
    }

    private async Task<(int Code, string Output)> RunAsync(string subsystem, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("busybox", ["ash", Script(subsystem)])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        psi.Environment["HOME"] = Path.GetTempPath();
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) psi.Environment["DOTNET_ROOT"] = root;
        // What procd's hotplug sets for every event.
        psi.Environment["SUBSYSTEM"] = subsystem;
        psi.Environment["SEQNUM"] = "1234";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.Environment["HUAWEIWWAN_BIN"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "huaweiwwan.dll")}";
        psi.Environment["HUAWEIWWAN_HOTPLUG_LOG"] = "cat";
        psi.Environment["HUAWEIWWAN_SYSFS"] = _tree.Paths.SysRoot;
        psi.Environment["HUAWEIWWAN_DEVROOT"] = _tree.Paths.DevRoot;
        psi.Environment["HUAWEIWWAN_UCI_CONFDIR"] = _conf;
        psi.Environment["HUAWEIWWAN_UBUS"] = _ubus.SocketPath;
        psi.Environment["HUAWEIWWAN_USBMODE_JSON"] = Path.Combine(_conf, "usb-mode.json");
        psi.Environment["HUAWEIWWAN_USBMODE_BIN"] = Path.Combine(_conf, "no-usbmode");
        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private const string Usb = "/devices/platform/ehci-platform/usb1";

    [Fact]
    public async Task Tty_add_and_usb_remove_set_availability_over_ubus()
    {
        FieldDevices.E3372h320(_tree, usb: "1-1.2");
        var (code, output) = await RunAsync("tty", new()
        {
            ["ACTION"] = "add", ["DEVPATH"] = $"{Usb}/1-1.2/1-1.2:1.2/ttyUSB2/tty/ttyUSB2", ["DEVNAME"] = "ttyUSB2", ["MAJOR"] = "188", ["MINOR"] = "2",
        });
        Assert.True(code == 0, output);
        var call = Assert.Single(_ubus.Notifications("wan"));
        Assert.Equal(5, call.Action);
        Assert.True(call.Root.GetProperty("available").GetBoolean());
        Assert.Equal("wan", call.Root.GetProperty("interface").GetString());
        Assert.Contains("wan: available", output);
        Assert.Empty(_ubus.Notifications("lte"));

        _tree.Remove("1-1.2");
        (code, output) = await RunAsync("usb", new()
        {
            ["ACTION"] = "remove", ["DEVPATH"] = $"{Usb}/1-1.2", ["DEVTYPE"] = "usb_device", ["PRODUCT"] = "12d1/155e/102", ["TYPE"] = "0/0/0",
            ["DEVNAME"] = "bus/usb/001/003", ["BUSNUM"] = "001", ["DEVNUM"] = "003",
        });
        Assert.True(code == 0, output);
        Assert.False(_ubus.Notifications("wan")[^1].Root.GetProperty("available").GetBoolean());
        Assert.False(_ubus.Notifications("lte")[^1].Root.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Usbmisc_and_net_add_of_a_stick_mark_its_interface()
    {
        FieldDevices.E3372Stick1506(_tree, usb: "1-1.4");
        var (code, output) = await RunAsync("usbmisc", new()
        {
            ["ACTION"] = "add", ["DEVPATH"] = $"{Usb}/1-1.4/1-1.4:1.2/usbmisc/cdc-wdm0", ["DEVNAME"] = "cdc-wdm0", ["MAJOR"] = "180", ["MINOR"] = "176",
        });
        Assert.True(code == 0, output);
        (code, output) = await RunAsync("net", new()
        {
            ["ACTION"] = "add", ["DEVPATH"] = $"{Usb}/1-1.4/1-1.4:1.2/net/wwan0", ["INTERFACE"] = "wwan0", ["IFINDEX"] = "7",
        });
        Assert.True(code == 0, output);
        Assert.Equal(2, _ubus.Notifications("lte").Count);
        Assert.Empty(_ubus.Notifications("wan"));
    }

    [Theory]
    [InlineData("tty", "bind")]
    [InlineData("usb", "bind")]
    [InlineData("tty", "change")]
    public async Task Bind_and_change_events_do_nothing(string subsystem, string action)
    {
        FieldDevices.E3372h320(_tree, usb: "1-1.2");
        var (code, _) = await RunAsync(subsystem, new()
        {
            ["ACTION"] = action, ["DEVPATH"] = $"{Usb}/1-1.2/1-1.2:1.2", ["DEVTYPE"] = "usb_interface", ["DEVNAME"] = "ttyUSB2",
        });
        Assert.Equal(0, code);
        Assert.Empty(_ubus.Calls);
    }

    [Fact]
    public async Task Non_usb_net_devices_never_reach_the_binary()
    {
        var (code, output) = await RunAsync("net", new() { ["ACTION"] = "add", ["DEVPATH"] = "/devices/virtual/net/br-lan", ["INTERFACE"] = "br-lan" });
        Assert.Equal(0, code);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Storage_stick_add_attempts_the_switch_through_usbdevfs()
    {
        // The usbdevfs node is a plain file here, so the real transport's ioctl fails: the log shows the attempt and the reason.
        FieldDevices.Storage1f01(_tree, usb: "1-1.2");
        Directory.CreateDirectory(Path.Combine(_tree.Paths.DevRoot, "bus", "usb", "001"));
        File.WriteAllText(Path.Combine(_tree.Paths.DevRoot, "bus", "usb", "001", "002"), "");
        var (code, output) = await RunAsync("usb", new()
        {
            ["ACTION"] = "add", ["DEVPATH"] = $"{Usb}/1-1.2", ["DEVTYPE"] = "usb_device", ["PRODUCT"] = "12d1/1f01/102", ["TYPE"] = "0/0/0",
            ["INTERFACE"] = "", ["DEVNAME"] = "bus/usb/001/002",
        });
        Assert.Equal(0, code); // the script's status is logger's; the binary's failure is in the log
        Assert.Contains("HuaweiAlt to 155e", output);
        Assert.Contains("USBDEVFS_", output);
        Assert.Empty(_ubus.Calls);
    }
}
