namespace WwanProto.Core.Usb;

/// <summary>Recognises the kind of modem from interfaces and drivers (huawei-modems.md §1.4).</summary>
public static class ModemClassifier
{
    private static readonly string[] SerialDrivers = ["option", "cdc_acm", "qcserial", "usb_wwan", "huawei"];

    public static ModemKind Classify(int vendor, IReadOnlyList<UsbInterface> interfaces)
    {
        if (interfaces.Count == 0) return ModemKind.None;
        var huawei = UsbIds.IsHuaweiFamily(vendor);
        if (interfaces.All(i => i.IsMassStorage)) return huawei ? ModemKind.Storage : ModemKind.None;

        bool Has(params string[] drivers) => interfaces.Any(i => i.Driver is { } d && drivers.Contains(d));
        var serial = interfaces.Any(i => i.Ttys.Count > 0 && (i.Driver is null || SerialDrivers.Contains(i.Driver)));
        var acmOnly = serial && interfaces.Where(i => i.Ttys.Count > 0).All(i => i.Driver == "cdc_acm" || i.Class == 0x02);

        if (Has("qmi_wwan")) return ModemKind.Qmi;
        if (Has("huawei_cdc_ncm")) return ModemKind.Ncm;
        if (Has("cdc_ncm", "cdc_ether") && serial && !acmOnly) return ModemKind.Ncm;
        if (Has("cdc_ether", "rndis_host", "cdc_ncm")) return huawei ? ModemKind.HiLink : ModemKind.Ethernet;
        if (serial) return acmOnly ? ModemKind.Acm : ModemKind.Ppp;
        // Driver not loaded (kmod missing): still recognise the Huawei compositions by descriptor.
        if (huawei && interfaces.Any(i => i.IsVendorSpecific)) return ModemKind.Ppp;
        return ModemKind.None;
    }
}
