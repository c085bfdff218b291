using WwanProto.Tests.Packaging;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.BadInput;

/// <summary>
/// Issue 11 #9 and #12 through the real Native AOT binary (the packaged static build, with its baked 16 MB heap
/// limit and stripped .NET messages): large inputs fail with one line naming the file and the limit instead of
/// OutOfMemoryException (exit 134); a FIFO in sysfs does not hang probe; a missing file is said in words,
/// not as a .NET resource key.
/// </summary>
public sealed class AotBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aot-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static async Task<ProcessRunner.Result> RunAsync(IEnumerable<string> args, Dictionary<string, string?>? env = null) =>
        await ProcessRunner.RunAsync((await PackageBuild.GetAsync()).Binary, args, TimeSpan.FromSeconds(120), environment: env);

    /// <summary>A valid UCI network config of about <paramref name="bytes"/> bytes (many interfaces).</summary>
    private string BigNetworkConfig(int bytes)
    {
        var conf = Path.Combine(_dir, "config");
        Directory.CreateDirectory(conf);
        using var w = new StreamWriter(Path.Combine(conf, "network"));
        for (var i = 0; w.BaseStream.Position < bytes; i++)
            w.Write($"config interface 'wan{i}'\n\toption proto 'huaweiwwan'\n\toption device '/dev/ttyUSB{i % 8}'\n\toption apn 'internet.example'\n\n");
        return conf;
    }

    [Fact(Timeout = 600_000)]
    public async Task Uci_show_of_a_4_MB_config_is_one_line_naming_file_and_limit()
    {
        var conf = BigNetworkConfig(4 << 20);
        var r = await RunAsync(["uci", "-c", conf, "show", "network"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"uci: I/O error ({conf}/network: larger than 1024 KiB, the most this uci reads)\n", r.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Hotplug_with_a_4_MB_network_config_says_so_and_fails()
    {
        var conf = BigNetworkConfig(4 << 20);
        var r = await RunAsync(["hotplug", "usb"], new()
        {
            ["ACTION"] = "add", ["DEVPATH"] = "/devices/platform/ehci-platform/usb1/1-1", ["PRODUCT"] = "12d1/1f01/102", ["TYPE"] = "0/0/0",
            ["HUAWEIWWAN_UCI_CONFDIR"] = conf, ["HUAWEIWWAN_SYSFS"] = _dir, ["HUAWEIWWAN_DEVROOT"] = _dir,
        });
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"larger than 1024 KiB, the most this uci reads", r.Stdout);
        Assert.DoesNotContain("OutOfMemory", r.Stdout + r.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Config_import_of_a_10_MB_file_is_one_line_naming_file_and_limit()
    {
        var file = Path.Combine(_dir, "wvdial.conf");
        await File.WriteAllTextAsync(file, "[Dialer Defaults]\n" + string.Concat(Enumerable.Repeat("Init9 = ATZ\n", (10 << 20) / 12)));
        var r = await RunAsync(["config", "import", file, "--dry-run", "-c", _dir]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"huaweiwwan config import: {file}: larger than 1 MiB, the most huaweiwwan reads from such a file\n", r.Stderr);
    }

    [Fact(Timeout = 600_000)]
    public async Task Probe_reads_past_a_fifo_and_a_huge_sysfs_attribute()
    {
        using var tree = new SysfsTree();
        FieldDevices.E3372h320(tree, serial: "0123456789ABCDEF");
        var device = Path.Combine(tree.Paths.SysRoot, "bus", "usb", "devices", "1-1");
        var serial = Path.Combine(device, "serial");
        File.Delete(serial);
        Assert.Equal(0, (await ProcessRunner.RunAsync("mkfifo", [serial], TimeSpan.FromSeconds(10))).ExitCode);
        var product = Path.Combine(device, "product");
        await File.WriteAllTextAsync(product, new string('x', 8 << 20));
        var r = await RunAsync(["probe", "--no-at"], new() { ["HUAWEIWWAN_SYSFS"] = tree.Paths.SysRoot, ["HUAWEIWWAN_DEVROOT"] = tree.Paths.DevRoot,
            ["HUAWEIWWAN_USBMODE_JSON"] = Path.Combine(_dir, "none.json") });
        Assert.DoesNotContain("OutOfMemory", r.Stdout + r.Stderr);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.StartsWith("1-1  12d1:155e  ", r.Stdout);
    }

    [Fact(Timeout = 600_000)]
    public async Task A_missing_file_is_said_in_words_not_resource_keys()
    {
        var missing = Path.Combine(_dir, "no-such.conf");
        var import = await RunAsync(["config", "import", missing, "--dry-run", "-c", _dir]);
        Assert.Equal(1, import.ExitCode);
        Assert.Equal($"huaweiwwan config import: open {missing} failed: No such file or directory (errno 2)\n", import.Stderr);

        var session = await RunAsync(["session", "wan"], new() { ["HUAWEIWWAN_CONFIG"] = missing, ["HUAWEIWWAN_UBUS"] = Path.Combine(_dir, "no-ubus.sock") });
        Assert.Equal(1, session.ExitCode);
        Assert.StartsWith($"session: cannot read the options setup stored: open {missing} failed: No such file or directory (errno 2)\n", session.Stderr);
        Assert.DoesNotContain("IO_", import.Stderr + session.Stderr);
    }
}
