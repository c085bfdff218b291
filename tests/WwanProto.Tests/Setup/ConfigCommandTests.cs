using System.Diagnostics;
using WwanProto.Tests.Usb;
using Xunit;

namespace WwanProto.Tests.Setup;

/// <summary>The `huaweiwwan config` verb as scripts see it: exit codes 0/1/2, output lines, masked secrets.</summary>
public class ConfigCommandTests
{
    private static (int Exit, string Out, string Err) Run(string sysRoot, params string[] args) => RunWithInput(sysRoot, "", args);

    private static (int Exit, string Out, string Err) RunWithInput(string sysRoot, string stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "huaweiwwan.dll"));
        psi.ArgumentList.Add("config");
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["HUAWEIWWAN_SYSFS"] = sysRoot;
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(30_000))
        {
            p.Kill();
            throw new TimeoutException("huaweiwwan config did not finish");
        }
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void Check_setup_import_and_usage_exit_codes()
    {
        using var cfg = new ConfigDirs();
        using var sys = new SysfsTree();
        FieldDevices.E3372h320(sys, usb: "1-1.2");
        var root = sys.Paths.SysRoot;

        // Nothing configured yet: invalid (1).
        var check = Run(root, "check", "-c", cfg.Conf);
        Assert.Equal((1, "network.*: NO_INTERFACE: no interface with proto 'huaweiwwan' in " + cfg.Conf + "/network\n"), (check.Exit, check.Out));

        var setup = RunWithInput(root, "2468\n", "setup", "-c", cfg.Conf, "--iface", "wan", "--apn", "internet", "--pin", "-");
        Assert.True(setup.Exit == 0, setup.Err);
        Assert.DoesNotContain("2468", setup.Out);
        Assert.Contains("set network.wan.pincode='********'\n", setup.Out);
        Assert.Contains("set network.wan.device='1-1.2'\n", setup.Out);
        Assert.Contains("\toption pincode '2468'\n", cfg.Read("network"));

        check = Run(root, "check", "wan", "-c", cfg.Conf);
        Assert.Equal((0, "network.wan: OK: options valid; device '1-1.2' is 1-1.2 12d1:155e HUAWEI HUAWEI Mobile (ncm)\n"), (check.Exit, check.Out));

        Assert.Equal(2, Run(root, "check", "--bogus").Exit);
        Assert.Equal(2, Run(root, "setup", "-c", cfg.Conf, "--warp", "9").Exit);
        Assert.Equal(2, Run(root, "frobnicate").Exit);
        var help = Run(root, "--help");
        Assert.Equal(0, help.Exit);
        Assert.Contains("exit status: 0 ok, 1 invalid configuration or nothing written, 2 usage error", help.Out);
    }

    [Fact]
    public void Import_dry_run_prints_the_batch_with_secrets_masked_and_what_was_not_mapped()
    {
        using var cfg = new ConfigDirs();
        using var sys = new SysfsTree();
        FieldDevices.E3372h320(sys, usb: "1-1.2");
        var file = Path.Combine(cfg.Root, "giffgaff.nmconnection");
        File.WriteAllText(file, FieldReportTexts.NetworkManagerKeyfile());

        var r = Run(sys.Paths.SysRoot, "import", file, "-c", cfg.Conf, "--dry-run");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal(
            "# not mapped: [connection] id = giffgaff Mobile Broadband: the interface name is chosen with --iface; netifd brings it up at boot\n"
            + "# not mapped: [connection] autoconnect = true: the interface name is chosen with --iface; netifd brings it up at boot\n"
            + "# not mapped: [serial] baud = 115200: not needed: USB modem ports ignore the baud rate\n"
            + "# removed device 'eth1' (a network device of the previous protocol, not a modem)\n"
            + "# removed option 'hostname' (not a huaweiwwan option)\n"
            + "# detected modem: 1-1.2 12d1:155e HUAWEI HUAWEI Mobile (ncm), ports ttyUSB0 modem, ttyUSB1 diag, ttyUSB2 control, wwan0 net\n"
            + "# dry run: nothing written; these changes would be applied:\n"
            + "set network.wan.proto='huaweiwwan'\n"
            + "delete network.wan.device\n"
            + "delete network.wan.hostname\n"
            + "set network.wan.apn='giffgaff.com'\n"
            + "set network.wan.dialnumber='*99#'\n"
            + "set network.wan.password='********'\n"
            + "set network.wan.username='giffgaff'\n"
            + "set network.wan.device='1-1.2'\n"
            + "commit network\n", r.Out);
        Assert.Equal(ConfigDirs.Network, cfg.Read("network"));

        var wv = Path.Combine(cfg.Root, "wvdial.conf");
        File.WriteAllText(wv, FieldReportTexts.WvdialConf("- wvdial used:"));
        r = Run(sys.Paths.SysRoot, "import", wv, "-c", cfg.Conf, "--iface", "lte");
        Assert.True(r.Exit == 0, r.Err);
        Assert.EndsWith("\nconfig interface 'lte'\n\toption proto 'huaweiwwan'\n\toption device '/dev/ttyUSB0'\n\toption dialnumber '99**1#'\n\toption apn 'm2m-net.sa.t-mobile'\n\n",
            cfg.Read("network"));
        Assert.Contains("\tlist network 'lte'\n", cfg.Read("firewall"));
    }

    [Fact]
    public void A_config_file_uci_cannot_parse_is_reported_with_line_and_byte()
    {
        using var cfg = new ConfigDirs("config interface 'wan'\n\toption proto 'huaweiwwan\n", null);
        var r = Run("/nonexistent", "check", "-c", cfg.Conf);
        Assert.Equal((1, $"network.*: UCI_ERROR: {cfg.Conf}/network: Parse error (EOF with unterminated ') at line 2, byte 26\n"), (r.Exit, r.Out));
    }
}
