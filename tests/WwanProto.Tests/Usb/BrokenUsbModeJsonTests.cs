using WwanProto.Tests.Packaging;
using Xunit;

namespace WwanProto.Tests.Usb;

/// <summary>
/// Issue 11 #7: an /etc/usb-mode.json that is not UTF-8 (it belongs to usbmode, not to us) aborted `probe` and
/// `modeswitch` with exit 134. It is a warning naming the file and the offset; the command goes on with our table.
/// </summary>
public sealed class BrokenUsbModeJsonTests : IDisposable
{
    private readonly SysfsTree _tree = new();
    private readonly string _json;

    public BrokenUsbModeJsonTests()
    {
        _json = Path.Combine(_tree.Root, "usb-mode.json");
        var bytes = "{\"devices\":{\"X\":{}}}"u8.ToArray();
        bytes[13] = 0xff;
        File.WriteAllBytes(_json, bytes);
    }

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("probe")]
    [InlineData("modeswitch")]
    public async Task An_invalid_utf8_usb_mode_json_is_a_warning(string command)
    {
        var r = await ProcessRunner.RunAsync(Path.Combine(AppContext.BaseDirectory, "huaweiwwan"), [command], TimeSpan.FromSeconds(60),
            environment: new Dictionary<string, string?>
            {
                ["HUAWEIWWAN_SYSFS"] = _tree.Paths.SysRoot, ["HUAWEIWWAN_DEVROOT"] = _tree.Paths.DevRoot,
                ["HUAWEIWWAN_USBMODE_JSON"] = _json, ["HUAWEIWWAN_USBMODE_BIN"] = Path.Combine(_tree.Root, "no-usbmode"),
            });
        Assert.Contains($"huaweiwwan {command}: usb-mode.json not used ({_json}: not UTF-8 text (invalid byte sequence at offset 13)); using huaweiwwan's own switch table only", r.Stderr);
        Assert.DoesNotContain("Unhandled", r.Stderr);
        // probe: no modem in the empty tree (1); modeswitch: nothing to switch (0).
        Assert.Equal(command == "probe" ? 1 : 0, r.ExitCode);
    }
}
