namespace WwanProto.Core.Usb;

/// <summary>
/// One USB interface as sysfs shows it ("1-1.2:1.0"): its descriptor triple, the driver bound to it,
/// the interface string, and the ports the driver created under it.
/// </summary>
public sealed record UsbInterface
{
    /// <summary>Kernel name, e.g. "1-1.2:1.0".</summary>
    public required string Name { get; init; }
    public required int Number { get; init; }
    public required int Class { get; init; }
    public required int SubClass { get; init; }
    public required int Protocol { get; init; }
    /// <summary>Driver name (the driver symlink's last component: option, cdc_acm, huawei_cdc_ncm, ...), null when unbound.</summary>
    public string? Driver { get; init; }
    /// <summary>The iInterface string ("HUAWEI Mobile Connect - Modem"), if any.</summary>
    public string? Description { get; init; }
    public IReadOnlyList<string> Ttys { get; init; } = [];
    public IReadOnlyList<string> CdcWdms { get; init; } = [];
    public IReadOnlyList<string> NetDevs { get; init; } = [];
    /// <summary>Bulk endpoint addresses from the ep_XX entries, when sysfs lists them.</summary>
    public int? BulkOutEndpoint { get; init; }
    public int? BulkInEndpoint { get; init; }

    public bool IsMassStorage => Class == 0x08;
    public bool IsVendorSpecific => Class == 0xff;

    /// <summary>"ff/02/12", the form the reference and lsusb use.</summary>
    public string Triple => $"{Class:x2}/{SubClass:x2}/{Protocol:x2}";

    public override string ToString() => $"If{Number} {Triple} {Driver ?? "-"}";
}
