namespace WwanProto.Core.Usb.Switching;

/// <summary>
/// Our Huawei switch rules: what OpenWrt's usb-mode.json lacks (the stick-mode HuaweiAlt message for
/// HiLink firmware, stick-firmware messages, the newer vendor 3426). Targets are from huawei-modems.md
/// §1.2–1.3 and the field reports; neighbouring PIDs seen in the field (155f) are tolerated.
/// </summary>
public static class SwitchTable
{
    private static readonly int[] HiLinkTargets = [0x14db, 0x14dc];

    public static bool IsHiLinkProduct(int vendor, int product) =>
        (vendor is UsbIds.Huawei or UsbIds.HuaweiNew) && product is 0x14db or 0x14dc;

    public static readonly IReadOnlyList<SwitchRule> Rules =
    [
        // E3372h-153/-320, E3531, E8372 HiLink firmware: HuaweiAlt gives the gateway composition 155e.
        Huawei(0x1f01, SwitchMessages.HuaweiAlt, "HuaweiAlt to 155e", 0x155e, 0x155f, 0x1506, 0x1001),
        Huawei(0x1f01, SwitchMessages.HuaweiNew, "HuaweiNew to HiLink", [.. HiLinkTargets, 0x1506], mode: "HuaweiNew"),
        // E3131/E353/E3276 "PNP" CD-ROM: the ^SETPORT composition (1506), or 1c05 as in field report 3.
        Huawei(0x14fe, SwitchMessages.GenericOld, "older Huawei to stick", 0x1506, 0x150f, 0x151d, 0x1c1e, 0x1c05),
        // E1750/E367 class: the target list usb_modeswitch uses.
        Huawei(0x1446, SwitchMessages.GenericOld, "older Huawei to stick", 0x1001, 0x1404, 0x1406, 0x140b, 0x140c, 0x1412, 0x1417,
            0x141b, 0x1433, 0x1436, 0x14ac, 0x1506, 0x150c, 0x1511),
        // E372u-8/EC156/E392/E398.
        Huawei(0x1505, SwitchMessages.StickLinux, "stick firmware to 1506", 0x140b, 0x140c, 0x1506, 0x150f, 0x150a),
        // E3131 stick firmware CD-ROM PID; field report 3 saw HuaweiAlt take 15ca to HiLink 14dc.
        Huawei(0x15ca, SwitchMessages.StickLinux, "stick firmware to 1506", 0x1506),
        Huawei(0x15ca, SwitchMessages.HuaweiAlt, "HuaweiAlt to HiLink", [.. HiLinkTargets]) with { DeclaredTarget = SwitchTarget.HiLink },
        // E5785 and newer on Huawei's second vendor id (OpenWrt override 3426-1f01).
        new SwitchRule
        {
            Vendor = UsbIds.HuaweiNew, Product = 0x1f01, Mode = "HuaweiNew", Label = "HuaweiNew to HiLink",
            Messages = [SwitchMessages.Bytes(SwitchMessages.HuaweiNew)], TargetVendor = UsbIds.HuaweiNew, TargetProducts = [0x14db],
        },
    ];

    private static SwitchRule Huawei(int product, string message, string label, params int[] targets) =>
        Huawei(product, message, label, targets, "Generic");

    private static SwitchRule Huawei(int product, string message, string label, int[] targets, string mode) => new()
    {
        Vendor = UsbIds.Huawei, Product = product, Mode = mode, Label = label,
        Messages = [SwitchMessages.Bytes(message)], TargetVendor = UsbIds.Huawei, TargetProducts = targets,
    };
}
