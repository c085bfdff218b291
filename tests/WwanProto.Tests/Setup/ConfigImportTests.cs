using WwanProto.Core.Setup;
using Xunit;

namespace WwanProto.Tests.Setup;

/// <summary>`config import` of the wvdial.conf and NetworkManager keyfile texts from the field reports.</summary>
public class ConfigImportTests
{
    private static string Options(ImportResult r) => string.Join("\n", r.Options.Select(o => $"{o.Key}={o.Value}"));

    [Fact]
    public void NetworkManager_keyfile_of_report_3_maps_apn_number_and_credentials()
    {
        var text = FieldReportTexts.NetworkManagerKeyfile();
        Assert.StartsWith("[connection]\nid=giffgaff Mobile Broadband\n", text);
        Assert.True(NetworkManagerImport.Looks(text));
        var r = NetworkManagerImport.Parse(text);
        Assert.Empty(r.Errors);
        Assert.Equal("apn=giffgaff.com\ndialnumber=*99#\npassword=password\nusername=giffgaff", Options(r));
        Assert.Equal(
        [
            "[connection] id = giffgaff Mobile Broadband: the interface name is chosen with --iface; netifd brings it up at boot",
            "[connection] autoconnect = true: the interface name is chosen with --iface; netifd brings it up at boot",
            "[serial] baud = 115200: not needed: USB modem ports ignore the baud rate",
        ], r.Unmapped);
    }

    [Fact]
    public void NetworkManager_variant_reports_the_password_kept_outside_the_file()
    {
        var r = NetworkManagerImport.Parse(FieldReportTexts.NetworkManagerVariant());
        Assert.Empty(r.Errors);
        Assert.Equal("apn=soracom.io\ndialnumber=99**1#", Options(r));
        Assert.Equal(["password: kept by NetworkManager outside this file (password-flags=1); set it with --password"], r.Unmapped);
    }

    [Fact]
    public void Wvdial_of_report_3_maps_modem_phone_and_the_cgdcont_apn()
    {
        var text = FieldReportTexts.WvdialConf("- wvdial used:");
        Assert.Equal("[Dialer Defaults]\nModem = /dev/ttyUSB0\nBaud = 460800\nPhone = 99**1#\nStupid Mode = 1\nInit2 = ATZ\n"
            + "Init3 = ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0\nInit4 = AT+CGDCONT=1,\"IP\",\"m2m-net.sa.t-mobile\"\n", text);
        var r = WvdialImport.Parse(text, null);
        Assert.Empty(r.Errors);
        Assert.Equal("device=/dev/ttyUSB0\ndialnumber=99**1#\napn=m2m-net.sa.t-mobile", Options(r));
        Assert.Equal(
        [
            "Baud = 460800: not needed: USB modem ports ignore the baud rate",
            "Stupid Mode = 1: not needed: huaweiwwan starts PPP right after CONNECT, as Stupid Mode does",
            "Init2 = ATZ: modem setup (Z) is done by the handler itself",
            "Init3 = ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0: modem setup (Q0 V1 E1 S0=0 &C1 &D2 +FCLASS=0) is done by the handler itself",
        ], r.Unmapped);
    }

    [Fact]
    public void Wvdial_of_report_5_on_a_phone_maps_the_acm_port()
    {
        var text = FieldReportTexts.WvdialConf("- Nokia phone");
        Assert.Contains("Modem = /dev/ttyACM0\n", text);
        var r = WvdialImport.Parse(text, null);
        Assert.Empty(r.Errors);
        Assert.Equal("device=/dev/ttyACM0\ndialnumber=*99#", Options(r));
        Assert.Contains(r.Unmapped, u => u.StartsWith("Init1 = ATZ:", StringComparison.Ordinal));
    }

    [Fact]
    public void Dialer_sections_inherit_defaults_and_init_strings_carry_pin_pdp_type_and_operator()
    {
        var conf = "[Dialer Defaults]\nModem = /dev/ttyUSB2\nPhone = *99#\nUsername = user\nPassword = s3cret\n\n"
            + "[Dialer lte]\nInit1 = ATZ\nInit2 = AT+CPIN=\"4321\"\nInit3 = AT+CGDCONT=2,\"IPV4V6\",\"internet.v6\";+COPS=1,2,\"26201\"\nNew PPPD = yes\n";
        var r = WvdialImport.Parse(conf, "lte");
        Assert.Empty(r.Errors);
        Assert.Equal("device=/dev/ttyUSB2\ndialnumber=*99#\nusername=user\npassword=s3cret\npincode=4321\npdptype=IPV4V6\nprofile=2\napn=internet.v6\nplmn=26201", Options(r));
        Assert.Equal(["New PPPD = yes: no huaweiwwan equivalent", "Init1 = ATZ: modem setup (Z) is done by the handler itself"], r.Unmapped);
        Assert.DoesNotContain(r.Unmapped, u => u.Contains("4321", StringComparison.Ordinal) || u.Contains("s3cret", StringComparison.Ordinal));

        var withoutChoice = WvdialImport.Parse(conf, null);
        Assert.Contains("[Dialer lte]: another dialer; choose it with --dialer lte", withoutChoice.Unmapped);
        Assert.DoesNotContain(withoutChoice.Options, o => o.Key == "apn");
    }

    [Fact]
    public void Wvdial_with_an_unknown_dialer_is_an_error()
    {
        var r = WvdialImport.Parse("[Dialer Defaults]\nModem = /dev/ttyUSB0\n", "nosuch");
        Assert.Equal(["no [Dialer nosuch] section (have: Defaults)"], r.Errors);
    }
}
