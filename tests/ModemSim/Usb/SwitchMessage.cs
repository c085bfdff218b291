using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Usb;

/// <summary>
/// The Huawei "rewind" mass-storage CBW (§1.3): 31 bytes, "USBC", CDB opcode 0x11, reserved 0x06, then
/// pc type, timeout, pid index, new-pid, keep-CD, profile (0 modem only, 1 NDIS), green mode.
/// </summary>
public readonly record struct SwitchMessage(byte PcType, byte NewPid, byte SupportCd, byte Profile, byte Green)
{
    public const int Length = 31;
    public const byte PcWindows = 0x00, PcMac = 0x10, PcLinux = 0x20, PcGateway = 0x30;

    public static SwitchMessage? Parse(ReadOnlySpan<byte> cbw)
    {
        if (cbw.Length != Length) return null;
        if (cbw[0] != 0x55 || cbw[1] != 0x53 || cbw[2] != 0x42 || cbw[3] != 0x43) return null;
        if (cbw[15] != 0x11 || cbw[16] != 0x06) return null;
        return new SwitchMessage(cbw[17], cbw[20], cbw[21], cbw[22], cbw[23]);
    }

    /// <summary>
    /// What the device becomes. HiLink firmware: gateway type -> 155e (NDIS profile) or 1001 (modem only);
    /// a Linux/Windows/Mac host type -> the HiLink cdc_ether 14dc. Stick and Qualcomm firmware come back
    /// in their stored composition whatever the message says.
    /// </summary>
    public ModemProfile Target(Firmware firmware, ModemProfile? home, ushort storagePid = 0) => firmware switch
    {
        Firmware.Qualcomm when home is null && storagePid == 0x1505 => ProfileCatalog.E392,
        Firmware.HiLink when PcType == PcGateway => Profile == 1 ? ProfileCatalog.E3372h320 : ProfileCatalog.Gateway1001,
        Firmware.HiLink => ProfileCatalog.E3372hHiLink,
        Firmware.Qualcomm => home ?? ProfileCatalog.E367,
        _ => home ?? ProfileCatalog.E3372h153,
    };
}
