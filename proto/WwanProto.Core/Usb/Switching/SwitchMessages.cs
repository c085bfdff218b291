namespace WwanProto.Core.Usb.Switching;

/// <summary>
/// Huawei "rewind" CBWs (huawei-modems.md §1.3): 31-byte mass-storage command wrappers whose CDB is the
/// vendor opcode 0x11 0x06 followed by host type, timeout, PID index, new-PID flag, keep-CD, profile, green.
/// </summary>
public static class SwitchMessages
{
    /// <summary>usb_modeswitch -J / usbmode HuaweiNew: Linux host, CD kept: HiLink 14db/14dc (or 1506 on stick firmware).</summary>
    public const string HuaweiNew = "55534243123456780000000000000011062000000101000100000000000000";
    /// <summary>HuaweiAltModeGlobal: gateway host, NDIS profile: 12d1:155e (3 serial + NCM) on HiLink firmware (E3372h-320/-153).</summary>
    public const string HuaweiAlt = "55534243123456780000000000000011063000000100010000000000000000";
    /// <summary>Gateway, modem only: 12d1:1001 (PPP).</summary>
    public const string GatewayPpp = "55534243123456780000000000000011063000000100000000000000000000";
    /// <summary>Older Huawei sticks (14fe/1446): the composition set by ^SETPORT/^U2DIAG (1506, 1436, 1c05 ...).</summary>
    public const string GenericOld = "55534243123456780000000000000011060000000000000000000000000000";
    /// <summary>E3131/E303-style stick firmware message (1505/15ca -> 1506).</summary>
    public const string StickLinux = "55534243123456780000000000000011062000000100000000000000000000";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex);
}
