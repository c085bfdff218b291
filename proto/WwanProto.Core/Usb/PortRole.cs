namespace WwanProto.Core.Usb;

/// <summary>
/// What a port of a modem is for (huawei-modems.md §1.5–1.7). Diag ports are never written to:
/// the firmware streams binary trace data there and AT text can upset it.
/// </summary>
public enum PortRole
{
    /// <summary>A serial port whose function the descriptors do not tell (ff/ff/ff): needs ^GETPORTMODE or probing.</summary>
    Unknown,
    /// <summary>PCUI: the primary AT port (^NDISDUP, URCs).</summary>
    Control,
    /// <summary>The modem port: PPP dialling; it also answers AT.</summary>
    Modem,
    Diag,
    Gps,
    /// <summary>A network interface (wwan0, usb0, eth1).</summary>
    Net,
    /// <summary>/dev/cdc-wdmN of huawei_cdc_ncm: AT through encapsulated commands.</summary>
    CdcWdmAt,
    /// <summary>/dev/cdc-wdmN of qmi_wwan: QMI, not AT.</summary>
    CdcWdmQmi,
    /// <summary>/dev/cdc-wdmN of cdc_mbim: MBIM, not AT.</summary>
    CdcWdmMbim,
    /// <summary>Serial functions we do not use (PCSC, Bluetooth, shells, voice).</summary>
    Other,
}

public static class PortRoleNames
{
    public static string Name(this PortRole role) => role switch
    {
        PortRole.Unknown => "unknown",
        PortRole.Control => "control",
        PortRole.Modem => "modem",
        PortRole.Diag => "diag",
        PortRole.Gps => "gps",
        PortRole.Net => "net",
        PortRole.CdcWdmAt => "cdc-wdm-at",
        PortRole.CdcWdmQmi => "cdc-wdm-qmi",
        PortRole.CdcWdmMbim => "cdc-wdm-mbim",
        _ => "other",
    };

    /// <summary>Whether AT text may be sent to a port of this role while looking for the control port.</summary>
    public static bool MayProbe(this PortRole role) => role is PortRole.Unknown or PortRole.Control or PortRole.Modem or PortRole.CdcWdmAt;
}
