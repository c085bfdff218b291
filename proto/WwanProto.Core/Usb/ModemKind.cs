namespace WwanProto.Core.Usb;

/// <summary>What kind of modem a USB device is, recognised from its interfaces and drivers alone.</summary>
public enum ModemKind
{
    /// <summary>Not a modem we know how to drive.</summary>
    None,
    /// <summary>A Huawei stick still in its CD-ROM (mass storage) mode: needs a mode switch.</summary>
    Storage,
    /// <summary>Huawei HiLink: cdc_ether/rndis_host, a router inside, no AT port; HTTP API at 192.168.8.1.</summary>
    HiLink,
    /// <summary>Serial AT ports plus an NCM/ECM net interface driven by ^NDISDUP (huawei_cdc_ncm with cdc-wdm, or cdc_ncm without).</summary>
    Ncm,
    /// <summary>qmi_wwan: QMI on cdc-wdm plus a net interface (Qualcomm-based sticks).</summary>
    Qmi,
    /// <summary>Serial ports only: PPP on the modem port.</summary>
    Ppp,
    /// <summary>A phone or module with CDC ACM ports only (ttyACMn): AT and PPP on the same port.</summary>
    Acm,
    /// <summary>Non-Huawei USB tethering (RNDIS/ECM, e.g. Android): DHCP on the net interface, no AT.</summary>
    Ethernet,
}

public static class ModemKindNames
{
    public static string Name(this ModemKind kind) => kind switch
    {
        ModemKind.Storage => "storage",
        ModemKind.HiLink => "hilink",
        ModemKind.Ncm => "ncm",
        ModemKind.Qmi => "qmi",
        ModemKind.Ppp => "ppp",
        ModemKind.Acm => "acm",
        ModemKind.Ethernet => "ethernet",
        _ => "none",
    };
}
