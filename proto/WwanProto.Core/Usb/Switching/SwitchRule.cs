namespace WwanProto.Core.Usb.Switching;

/// <summary>
/// How to switch one storage-mode device: an entry of OpenWrt's /etc/usb-mode.json (read as-is) or of
/// our Huawei table. <see cref="Messages"/> are the raw bulk-out messages (31-byte CBWs for Huawei).
/// </summary>
public sealed record SwitchRule
{
    public required int Vendor { get; init; }
    public required int Product { get; init; }
    /// <summary>"*", ":uMa=HUAWEI", ":uPr=...", ":uSe=..." (others, e.g. SCSI ":sVe=", always match, as in usbmode).</summary>
    public string MatchKey { get; init; } = "*";
    /// <summary>usbmode's mode name: Generic, HuaweiNew, Huawei, StandardEject, ... (HuaweiAlt is not one: it falls back to Generic).</summary>
    public string Mode { get; init; } = "Generic";
    public IReadOnlyList<byte[]> Messages { get; init; } = [];
    public int? TargetVendor { get; init; }
    public IReadOnlyList<int> TargetProducts { get; init; } = [];
    /// <summary>t_class: usbmode skips the device unless interface 0 has this class.</summary>
    public int? TargetClass { get; init; }
    public int? Interface { get; init; }
    public int? MessageEndpoint { get; init; }
    public int? ResponseEndpoint { get; init; }
    /// <summary>Read a CSW (13 bytes) after each message.</summary>
    public bool Response { get; init; }
    public int? Configuration { get; init; }
    /// <summary>"usb-mode.json" or "huaweiwwan" (our table), for reports.</summary>
    public string Source { get; init; } = "huaweiwwan";
    /// <summary>A short name for reports ("HuaweiAlt to 155e").</summary>
    public string? Label { get; init; }

    public string SourceId => UsbIds.Format(Vendor, Product);

    /// <summary>Set by our own table, where the outcome is known from field reports rather than inferred.</summary>
    public SwitchTarget? DeclaredTarget { get; init; }

    /// <summary>
    /// What the rule leads to. The message decides where it can: t_product is informational for usbmode and
    /// users who paste the HuaweiAlt CBW often leave it at 14db/14dc (mrhaav's README does).
    /// </summary>
    public SwitchTarget Target
    {
        get
        {
            if (DeclaredTarget is { } declared) return declared;
            if (Mode == "HuaweiNew") return SwitchTarget.HiLink;
            if (Messages.Any(IsGatewayRewind)) return SwitchTarget.Stick;
            var vendor = TargetVendor ?? Vendor;
            if (TargetProducts.Count == 0) return SwitchTarget.Either;
            var hilink = TargetProducts.Count(p => SwitchTable.IsHiLinkProduct(vendor, p));
            return hilink == 0 ? SwitchTarget.Stick : hilink == TargetProducts.Count ? SwitchTarget.HiLink : SwitchTarget.Either;
        }
    }

    /// <summary>A Huawei rewind CBW (CDB 11 06) with host type 0x30 "gateway": the serial/NCM compositions (155e, 1001).</summary>
    public static bool IsGatewayRewind(byte[] message) =>
        message.Length == 31 && message[0] == 0x55 && message[1] == 0x53 && message[15] == 0x11 && message[16] == 0x06 && message[17] == 0x30;

    public bool Gives(UsbModePreference preference) => Target == SwitchTarget.Either
        || (preference == UsbModePreference.Stick && Target == SwitchTarget.Stick)
        || (preference == UsbModePreference.HiLink && Target == SwitchTarget.HiLink);

    /// <summary>Whether the match key accepts the device's USB strings (usbmode's rule: unknown keys match).</summary>
    public bool Matches(UsbDevice device)
    {
        if (device.Vendor != Vendor || device.Product != Product) return false;
        if (MatchKey is "*" or "") return true;
        static bool Prefix(string? actual, string wanted) => actual is not null && actual.StartsWith(wanted, StringComparison.Ordinal);
        if (MatchKey.StartsWith(":uMa=", StringComparison.Ordinal)) return Prefix(device.Manufacturer, MatchKey[5..]);
        if (MatchKey.StartsWith(":uPr=", StringComparison.Ordinal)) return Prefix(device.ProductName, MatchKey[5..]);
        if (MatchKey.StartsWith(":uSe=", StringComparison.Ordinal)) return Prefix(device.Serial, MatchKey[5..]);
        return true;
    }

    public string Describe()
    {
        var targets = TargetProducts.Count == 0 ? "?" : string.Join(",", TargetProducts.Select(p => p.ToString("x4")));
        return $"{Label ?? Mode} from {Source} ({SourceId} -> {TargetVendor ?? Vendor:x4}:{targets})";
    }
}
