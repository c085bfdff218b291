using System.Globalization;

namespace WwanProto.ModemSim.Profiles;

/// <summary>
/// Stick firmware builds its USB composition from the ^SETPORT value in NV (§1.4 D, §2.13): one interface per
/// code after ';', in order, bInterfaceProtocol = the code. Applied at the next enumeration.
/// </summary>
public static class SetPortComposition
{
    public static ModemProfile Apply(ModemProfile profile, string setPort)
    {
        var after = setPort.Split(';')[1].Split(',', StringSplitOptions.RemoveEmptyEntries);
        var interfaces = new List<UsbInterfaceSpec>();
        var names = new List<string>();
        foreach (var raw in after)
        {
            var code = raw.Trim().ToUpperInvariant();
            var (spec, name) = code switch
            {
                "A1" => (new UsbInterfaceSpec(0x08, 0x06, 0x50, "usb-storage"), "cdrom"),
                "A2" => (new UsbInterfaceSpec(0x08, 0x06, 0x50, "usb-storage"), "sd"),
                "16" => (new UsbInterfaceSpec(0xff, 0x02, 0x16, "huawei_cdc_ncm", Net: true, CdcWdm: true), "ncm"),
                "1" or "01" or "10" => (Serial(code, PortRole.Modem), "modem"),
                "2" or "02" or "12" => (Serial(code, PortRole.Pcui), "pcui"),
                "3" or "03" or "13" => (Serial(code, PortRole.Diag), code is "13" ? "4g_diag" : "3g_diag"),
                "5" or "05" or "14" => (Serial(code, PortRole.Diag), "gps"),
                _ => (new UsbInterfaceSpec(0xff, 0x02, Hex(code), null), "unknown"),
            };
            interfaces.Add(spec);
            names.Add($"{name}:{interfaces.Count - 1}");
        }
        return profile with
        {
            Interfaces = interfaces,
            SetPort = setPort,
            GetPortMode = "^GETPORTMODE: TYPE: WCDMA: huawei," + string.Join(',', names),
        };
    }

    private static UsbInterfaceSpec Serial(string code, PortRole role) => new(0xff, 0x02, Hex(code), "option", role);

    private static int Hex(string code) => int.Parse(code, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
