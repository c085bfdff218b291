using WwanProto.Core.Setup;
using Xunit;

namespace WwanProto.Tests.Setup;

/// <summary>Issue 11 #8: what `config import` (also --dry-run) prints about settings it left out never shows a PIN, PUK or password.</summary>
public sealed class ImportSecretTests
{
    private static readonly string[] Secrets = ["0000", "4321", "12345678", "hunter2", "s3cret", "pa55"];

    private static void AssertNoSecret(ImportResult result)
    {
        foreach (var line in result.Unmapped.Concat(result.Errors))
            foreach (var secret in Secrets)
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"'{secret}' shown in: {line}");
    }

    [Fact]
    public void Wvdial_init_strings_with_pins_and_passwords_are_shown_redacted()
    {
        var result = WvdialImport.Parse("""
            [Dialer Defaults]
            Modem = /dev/ttyUSB0
            Init1 = ATZ
            Init2 = AT+CPWD="SC","0000","4321"
            Init3 = AT+CLCK="SC",0,"0000"
            Init4 = AT^AUTHDATA=1,2,"","hunter2","user"
            Init5 = AT^NDISDUP=1,1,"internet","user","s3cret",2
            Init6 = AT+CGAUTH=1,1,"user","pa55"
            Init7 = AT+CPIN=0000 E1
            """, null);
        AssertNoSecret(result);
        Assert.Contains(result.Unmapped, l => l.StartsWith("Init2 = AT+CPWD=<redacted>: modem setup (+CPWD=<redacted>)", StringComparison.Ordinal));
        Assert.Contains(result.Unmapped, l => l.StartsWith("Init5 = AT^NDISDUP=1,1,\"internet\",<redacted>", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wvdial_password_line_outside_a_section_is_masked()
    {
        var result = WvdialImport.Parse("Password = hunter2\n[Dialer Defaults]\nModem = /dev/ttyUSB0\n", null);
        AssertNoSecret(result);
        Assert.Contains("Password = ********: outside a [Dialer ...] section", result.Unmapped);
    }

    [Fact]
    public void A_keyfile_puk_is_masked()
    {
        var result = NetworkManagerImport.Parse("[connection]\ntype=gsm\n[gsm]\napn=internet\npin=0000\npuk=12345678\n");
        AssertNoSecret(result);
        Assert.Contains(result.Unmapped, l => l.StartsWith("[gsm] puk = ********", StringComparison.Ordinal));
    }
}
