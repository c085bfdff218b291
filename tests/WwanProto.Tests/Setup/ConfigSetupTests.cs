using WwanProto.Core.Setup;
using WwanProto.Core.Usb;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.Setup;

/// <summary>`config setup`: the written interface section and firewall zone, detection, dry run, refusals.</summary>
public class ConfigSetupTests
{
    private static List<KeyValuePair<string, string>> Opts(params (string, string)[] o) => o.Select(x => new KeyValuePair<string, string>(x.Item1, x.Item2)).ToList();

    [Fact]
    public void Converts_a_dhcp_wan_with_the_detected_modem_and_joins_the_wan_zone()
    {
        using var cfg = new ConfigDirs();
        using var sys = new SysfsTree(realShape: true);
        FieldDevices.E3372h320(sys, usb: "1-1.2");

        var r = new InterfaceSetup(cfg.Conf, () => UsbTree.Load(sys.Paths))
            .Run("lte", Opts(("apn", "internet.telekom"), ("pincode", "1234"), ("mode", "LTE")), "wan", dryRun: false);

        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal(ConfigDirs.Network + "\nconfig interface 'lte'\n\toption proto 'huaweiwwan'\n\toption apn 'internet.telekom'\n"
            + "\toption pincode '1234'\n\toption mode 'lte'\n\toption device '1-1.2'\n\n", cfg.Read("network"));
        Assert.Equal("\nconfig zone\n\toption name 'lan'\n\tlist network 'lan'\n\toption input 'ACCEPT'\n"
            + "\nconfig zone\n\toption name 'wan'\n\toption input 'REJECT'\n\toption masq '1'\n\tlist network 'wan'\n\tlist network 'wan6'\n\tlist network 'lte'\n\n",
            cfg.Read("firewall"));
        Assert.Equal(
        [
            "set network.lte='interface'",
            "set network.lte.proto='huaweiwwan'",
            "set network.lte.apn='internet.telekom'",
            "set network.lte.pincode='********'",
            "set network.lte.mode='lte'",
            "set network.lte.device='1-1.2'",
            "delete firewall.cfg02dc81.network",
            "add_list firewall.cfg02dc81.network='wan'",
            "add_list firewall.cfg02dc81.network='wan6'",
            "add_list firewall.cfg02dc81.network='lte'",
            "commit network",
            "commit firewall",
        ], r.Batch);
        Assert.Contains(r.Notes, n => n.StartsWith("detected modem: 1-1.2 12d1:155e", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Batch.Concat(r.Notes), l => l.Contains("1234", StringComparison.Ordinal));
    }

    [Fact]
    public void Replacing_the_wan_protocol_drops_the_old_device_and_foreign_options()
    {
        using var cfg = new ConfigDirs();
        var r = new InterfaceSetup(cfg.Conf, null).Run("wan", Opts(("apn", "internet"), ("device", "12d1:1506")), "wan", dryRun: false);
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.EndsWith("\nconfig interface 'wan'\n\toption proto 'huaweiwwan'\n\toption apn 'internet'\n\toption device '12d1:1506'\n\n", cfg.Read("network"));
        Assert.Equal(["removed device 'eth1' (a network device of the previous protocol, not a modem)", "removed option 'hostname' (not a huaweiwwan option)"], r.Notes);
        // "wan" was already a member of the zone: the firewall config is left alone.
        Assert.Equal(ConfigDirs.Firewall, cfg.Read("firewall"));
    }

    [Fact]
    public void Dry_run_writes_nothing()
    {
        using var cfg = new ConfigDirs();
        var r = new InterfaceSetup(cfg.Conf, null).Run("wan", Opts(("apn", "internet"), ("password", "pw"), ("username", "u"), ("auth", "chap")), "wan", dryRun: true);
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Contains("set network.wan.password='********'", r.Batch);
        Assert.DoesNotContain("commit network", r.Batch);
        Assert.Equal(ConfigDirs.Network, cfg.Read("network"));
    }

    [Fact]
    public void Invalid_values_are_refused_and_nothing_is_written()
    {
        using var cfg = new ConfigDirs();
        var r = new InterfaceSetup(cfg.Conf, null).Run("wan", Opts(("apn", "bad apn"), ("pincode", "12ab")), "wan", dryRun: false);
        Assert.False(r.Ok);
        Assert.Equal(
        [
            "option 'apn' = 'bad apn': an APN may contain only letters, digits, '.', '-', '_' and '@'",
            "option 'pincode': a PIN is 4 to 8 digits",
        ], r.Errors);
        Assert.Equal(ConfigDirs.Network, cfg.Read("network"));
    }

    [Fact]
    public void Two_modems_and_no_device_is_an_error()
    {
        using var cfg = new ConfigDirs();
        using var sys = new SysfsTree();
        FieldDevices.E3372h320(sys, usb: "1-1.2");
        FieldDevices.E392Qmi(sys, usb: "1-1.4");
        var r = new InterfaceSetup(cfg.Conf, () => UsbTree.Load(sys.Paths)).Run("wan", Opts(("apn", "internet")), "wan", dryRun: false);
        Assert.False(r.Ok);
        Assert.StartsWith("2 modems found: 1-1.2 12d1:155e", r.Errors.Single());
        Assert.Equal(ConfigDirs.Network, cfg.Read("network"));
    }

    [Fact]
    public void Unknown_option_names_are_refused()
    {
        using var cfg = new ConfigDirs();
        var r = new InterfaceSetup(cfg.Conf, null).Run("wan", Opts(("pin", "1234")), "wan", dryRun: false);
        Assert.Equal(["option 'pin': not a huaweiwwan option"], r.Errors);
    }
}
