namespace WwanProto.Core.Usb;

/// <summary>
/// Port roles from the descriptors alone. On Huawei vendor-class interfaces bInterfaceProtocol is the
/// ^SETPORT function code (huawei-modems.md §1.5); Vodafone builds add 0x30 and "no HUAWEI string"
/// builds add 0x60 to the same codes. Qualcomm-era sticks use ff/01/01..03 with the same meanings.
/// </summary>
public static class PortRoles
{
    /// <summary>The role of a tty on <paramref name="iface"/>.</summary>
    public static PortRole ForTty(UsbInterface iface)
    {
        if (iface.Driver == "cdc_acm" || iface.Class == 0x02) return PortRole.Modem;
        if (iface.IsVendorSpecific && iface.SubClass != 0xff)
        {
            var role = FromSetPortCode(BaseCode(iface.Protocol));
            if (role != PortRole.Unknown) return role;
        }
        return FromDescription(iface.Description);
    }

    /// <summary>The role of a cdc-wdm node, from the driver that created it.</summary>
    public static PortRole ForCdcWdm(UsbInterface iface) => iface.Driver switch
    {
        "huawei_cdc_ncm" => PortRole.CdcWdmAt,
        "qmi_wwan" => PortRole.CdcWdmQmi,
        "cdc_mbim" => PortRole.CdcWdmMbim,
        _ => iface.IsVendorSpecific && BaseCode(iface.Protocol) == 0x16 ? PortRole.CdcWdmAt : PortRole.Other,
    };

    /// <summary>Removes the Vodafone (+0x30) and "no HUAWEI string" (+0x60) offsets.</summary>
    public static int BaseCode(int protocol) => protocol switch
    {
        >= 0x31 and <= 0x4f => protocol - 0x30,
        >= 0x61 and <= 0x7d => protocol - 0x60,
        _ => protocol,
    };

    /// <summary>^SETPORT function code -> role.</summary>
    public static PortRole FromSetPortCode(int code) => code switch
    {
        0x01 or 0x10 or 0x17 => PortRole.Modem,
        0x02 or 0x12 => PortRole.Control,
        0x03 or 0x13 => PortRole.Diag,
        0x05 or 0x14 or 0x1d => PortRole.Gps,
        0x04 or 0x06 or 0x0a or 0x0b or 0x0d or 0x0e or 0x0f or 0x15 or 0x18 or 0x19 or 0x1a or 0x1b or 0x1c => PortRole.Other,
        _ => PortRole.Unknown,
    };

    /// <summary>ModemManager's second hint: the interface string ("HUAWEI Mobile Connect - Modem/Pcui/Diag").</summary>
    public static PortRole FromDescription(string? description)
    {
        if (string.IsNullOrEmpty(description)) return PortRole.Unknown;
        if (description.Contains("Pcui", StringComparison.OrdinalIgnoreCase)) return PortRole.Control;
        if (description.Contains("Diag", StringComparison.OrdinalIgnoreCase)) return PortRole.Diag;
        if (description.Contains("GPS", StringComparison.OrdinalIgnoreCase)) return PortRole.Gps;
        if (description.Contains("Modem", StringComparison.OrdinalIgnoreCase)) return PortRole.Modem;
        return PortRole.Unknown;
    }

    /// <summary>^GETPORTMODE port name -> role (huawei-modems.md §1.5, last paragraph); null for non-serial functions.</summary>
    public static PortRole? FromPortModeName(string name) => name.ToLowerInvariant() switch
    {
        "pcui" => PortRole.Control,
        "3g_modem" or "modem" or "mdm" or "4g_modem" => PortRole.Modem,
        "3g_diag" or "4g_diag" or "diag" => PortRole.Diag,
        "gps" or "3g_gps" or "4g_gps" or "gnss" => PortRole.Gps,
        "ncm" or "ndis" or "rndis" or "ecm" or "cdrom" or "mass" or "mass_two" or "sd" => null,
        _ => PortRole.Other,
    };
}
