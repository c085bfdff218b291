using WwanProto.Core.Setup;
using WwanProto.Core.Usb;
using WwanProto.Tests.Usb;
using WwanProto.Uci;
using Xunit;

namespace WwanProto.Tests.Setup;

/// <summary>`config check`: schema errors by option, device resolution, which interfaces are checked.</summary>
public class ConfigCheckTests
{
    private const string Wan = "\nconfig interface 'wan'\n\toption proto 'huaweiwwan'\n\toption apn 'internet'\n\toption device '1-1.2'\n";

    private static List<string> Check(string network, string? iface, Action<SysfsTree>? devices)
    {
        using var cfg = new ConfigDirs(network, null);
        using var sys = new SysfsTree();
        devices?.Invoke(sys);
        var uci = new UciContext { ConfDir = cfg.Conf };
        uci.UsePrivateSaveDir(cfg.Save);
        return new ConfigChecker(uci, devices is null ? null : () => UsbTree.Load(sys.Paths)).Check(iface).Select(f => f.ToString()).ToList();
    }

    [Fact]
    public void A_good_interface_with_its_modem_present_is_ok()
    {
        var f = Check(Wan, null, t => FieldDevices.E3372h320(t, usb: "1-1.2"));
        Assert.Equal(["network.wan: OK: options valid; device '1-1.2' is 1-1.2 12d1:155e HUAWEI HUAWEI Mobile (ncm)"], f);
    }

    [Fact]
    public void Every_bad_option_is_named_and_secrets_are_masked()
    {
        var network = "\nconfig interface 'wan'\n\toption proto 'huaweiwwan'\n\toption apn 'inter net'\n\toption pincode '12'\n"
            + "\toption dialnumber '*99#;ATH'\n\toption profile 'two'\n\toption mode 'warp'\n\toption pin '9876'\n\toption colour 'blue'\n\tlist apn2 'x'\n";
        var f = Check(network, "wan", null);
        Assert.Equal(
        [
            "network.wan: INVALID_APN: option 'apn' = 'inter net': an APN may contain only letters, digits, '.', '-', '_' and '@'",
            "network.wan: INVALID_PINCODE: option 'pincode': a PIN is 4 to 8 digits",
            "network.wan: INVALID_DIALNUMBER: option 'dialnumber' = '*99#;ATH': contains ';', which would start another AT command",
            "network.wan: INVALID_PROFILE: option 'profile' = 'two': expected a whole number",
            "network.wan: INVALID_MODE: option 'mode' = 'warp': expected one of: auto, lte, umts, gsm, preferlte, preferumts",
            "network.wan: UNKNOWN_OPTION: option 'pin' = '********': unknown option for proto huaweiwwan",
            "network.wan: UNKNOWN_OPTION: option 'colour' = 'blue': unknown option for proto huaweiwwan",
            "network.wan: UNKNOWN_OPTION: option 'apn2' = 'x': unknown option for proto huaweiwwan",
        ], f);
        Assert.DoesNotContain(f, l => l.Contains("9876", StringComparison.Ordinal) || l.Contains("'12'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_matching_nothing_or_several_modems_fails()
    {
        var none = Check(Wan, null, t => FieldDevices.NokiaAcm(t, usb: "1-1.3"));
        Assert.StartsWith("network.wan: NO_DEVICE: device '1-1.2': no USB device at port 1-1.2", none.Single());

        var auto = Wan.Replace("'1-1.2'", "'auto'");
        var several = Check(auto, null, t =>
        {
            FieldDevices.E3372h320(t, usb: "1-1.2");
            FieldDevices.E392Qmi(t, usb: "1-1.4");
        });
        Assert.StartsWith("network.wan: AMBIGUOUS_DEVICE: device 'auto': 2 modems found", several.Single());
    }

    [Fact]
    public void Only_huaweiwwan_interfaces_are_checked()
    {
        var network = "\nconfig interface 'lan'\n\toption proto 'static'\n\toption ipaddr '1.2.3.4'\n" + Wan;
        Assert.Equal(["network.wan: OK: options valid (device not checked)"], Check(network, null, null));
        Assert.Equal(["network.lan: WRONG_PROTO: proto is 'static', not 'huaweiwwan'"], Check(network, "lan", null));
        Assert.StartsWith("network.lte: NO_INTERFACE: no interface section 'lte'", Check(network, "lte", null).Single());
        Assert.StartsWith("network.*: NO_INTERFACE: no interface with proto 'huaweiwwan'", Check("\nconfig interface 'lan'\n", null, null).Single());
    }

    [Fact]
    public async Task An_imei_device_is_asked_of_the_modems_present()
    {
        await using var sim = await WwanProto.ModemSim.SimulatedModem.StartAsync(new WwanProto.ModemSim.SimOptions { Profile = "e3372h-320", Seed = 7 });
        using var cfg = new ConfigDirs(Wan.Replace("'1-1.2'", $"'imei:{sim.Imei}'"), null);
        var uci = new UciContext { ConfDir = cfg.Conf };
        uci.UsePrivateSaveDir(cfg.Save);
        var lookup = new AtImeiLookup(sim.Paths, new AtPortProbe(sim.Paths.LockDir), TimeSpan.FromSeconds(3));

        var found = new ConfigChecker(uci, () => UsbTree.Load(sim.Paths), lookup).Check("wan").Single();
        Assert.Equal("OK", found.Code);
        Assert.Contains("12d1:155e", found.ToString());

        using var other = new ConfigDirs(Wan.Replace("'1-1.2'", "'imei:490154203237518'"), null);
        var uci2 = new UciContext { ConfDir = other.Conf };
        uci2.UsePrivateSaveDir(other.Save);
        var missing = new ConfigChecker(uci2, () => UsbTree.Load(sim.Paths), lookup).Check("wan").Single();
        Assert.Equal("NO_DEVICE", missing.Code);
    }
}
