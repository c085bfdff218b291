namespace WwanProto.Core.Usb.Switching;

/// <summary>What a switch rule leads to, judged from its target product ids.</summary>
public enum SwitchTarget
{
    /// <summary>Serial/NCM/PPP compositions (1506, 155e, 1001, ...).</summary>
    Stick,
    /// <summary>cdc_ether HiLink (14db, 14dc).</summary>
    HiLink,
    /// <summary>Either, depending on the firmware (e.g. HuaweiNew: 14db/14dc on HiLink firmware, 1506 on stick firmware).</summary>
    Either,
}
