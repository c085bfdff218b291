namespace WwanProto.Tests.Usb;

/// <summary>
/// The devices of field-reports.md and huawei-modems.md §1.4, as sysfs shows them.
/// Tty and net names are parameters so tests can renumber them (replug).
/// </summary>
public static class FieldDevices
{
    /// <summary>E3372h-320 after HuaweiAlt (§1.4 B): modem, diag, PCUI serials + cdc_ncm, no cdc-wdm.</summary>
    public static void E3372h320(SysfsTree t, string usb = "1-1", int firstTty = 0, string net = "wwan0", int devnum = 3, string? serial = null) =>
        t.Device(usb, 0x12d1, 0x155e, serial: serial, devnum: devnum)
            .Interface(0, 0xff, 0x02, 0x01, "option", ttys: [$"ttyUSB{firstTty}"])
            .Interface(1, 0xff, 0x02, 0x03, "option", ttys: [$"ttyUSB{firstTty + 1}"])
            .Interface(2, 0xff, 0x02, 0x02, "option", ttys: [$"ttyUSB{firstTty + 2}"])
            .Interface(3, 0x02, 0x0d, 0x00, "cdc_ncm", net: [net])
            .Interface(4, 0x0a, 0x00, 0x01, "cdc_ncm");

    /// <summary>E3372h-153 HiLink firmware after HuaweiAlt: the same 155e, but every serial says ff/ff/ff (§1.4 B).</summary>
    public static void E3372h153Gateway(SysfsTree t, string usb = "1-1", int firstTty = 0) =>
        t.Device(usb, 0x12d1, 0x155e)
            .Interface(0, 0xff, 0xff, 0xff, "option", ttys: [$"ttyUSB{firstTty}"])
            .Interface(1, 0xff, 0xff, 0xff, "option", ttys: [$"ttyUSB{firstTty + 1}"])
            .Interface(2, 0xff, 0xff, 0xff, "option", ttys: [$"ttyUSB{firstTty + 2}"])
            .Interface(3, 0x02, 0x0d, 0x00, "cdc_ncm", net: ["wwan0"])
            .Interface(4, 0x0a, 0x00, 0x01, "cdc_ncm");

    /// <summary>E3372h-153 stick firmware, 12d1:1506 with 5 interfaces (field report 4): PCUI /12, modem /01, NCM /16, CD, SD.</summary>
    public static void E3372Stick1506(SysfsTree t, string usb = "1-1", int firstTty = 0, int wdm = 0, string net = "wwan0", int devnum = 4, string? serial = null) =>
        t.Device(usb, 0x12d1, 0x1506, serial: serial, devnum: devnum)
            .Interface(0, 0xff, 0x02, 0x12, "option", ttys: [$"ttyUSB{firstTty}"])
            .Interface(1, 0xff, 0x02, 0x01, "option", ttys: [$"ttyUSB{firstTty + 1}"])
            .Interface(2, 0xff, 0x02, 0x16, "huawei_cdc_ncm", wdm: [$"cdc-wdm{wdm}"], net: [net])
            .Interface(3, 0x08, 0x06, 0x50, "usb-storage")
            .Interface(4, 0x08, 0x06, 0x50, "usb-storage");

    /// <summary>Any Balong stick in CD-ROM mode: 12d1:1f01, CD-ROM + TF card LUN interfaces.</summary>
    public static void Storage1f01(SysfsTree t, string usb = "1-1", int devnum = 2, int product = 0x1f01, int vendor = 0x12d1) =>
        t.Device(usb, vendor, product, devnum: devnum)
            .Interface(0, 0x08, 0x06, 0x50, "usb-storage", bulk: (0x01, 0x81))
            .Interface(1, 0x08, 0x06, 0x50, "usb-storage");

    /// <summary>HiLink with SD card, 12d1:14dc (§1.4 A): cdc_ether, no AT.</summary>
    public static void HiLink14dc(SysfsTree t, string usb = "1-1", string net = "eth1") =>
        t.Device(usb, 0x12d1, 0x14dc)
            .Interface(0, 0x02, 0x06, 0x00, "cdc_ether", net: [net])
            .Interface(1, 0x0a, 0x00, 0x00, "cdc_ether")
            .Interface(2, 0x08, 0x06, 0x50, "usb-storage");

    /// <summary>Nokia phone in PC Suite mode: ttyACM0 answers AT (field report 5).</summary>
    public static void NokiaAcm(SysfsTree t, string usb = "1-2", string tty = "ttyACM0") =>
        t.Device(usb, 0x0421, 0x0518, manufacturer: "Nokia", productName: "Nokia 6300")
            .Interface(0, 0x02, 0x02, 0x01, "cdc_acm", acm: [tty])
            .Interface(1, 0x0a, 0x00, 0x00, "cdc_acm");

    /// <summary>Android USB tethering: RNDIS usb0, no AT (field report 5).</summary>
    public static void AndroidRndis(SysfsTree t, string usb = "1-3") =>
        t.Device(usb, 0x18d1, 0x4ee3, manufacturer: "Google", productName: "Pixel")
            .Interface(0, 0xe0, 0x01, 0x03, "rndis_host", net: ["usb0"])
            .Interface(1, 0x0a, 0x00, 0x00, "rndis_host");

    /// <summary>Qualcomm-era E392 (§1.4 E): modem ff/01/01, PCUI ff/01/02, diag ff/01/03, qmi_wwan ff/01/09.</summary>
    public static void E392Qmi(SysfsTree t, string usb = "1-4") =>
        t.Device(usb, 0x12d1, 0x1506)
            .Interface(0, 0xff, 0x01, 0x01, "option", ttys: ["ttyUSB0"])
            .Interface(1, 0xff, 0x01, 0x02, "option", ttys: ["ttyUSB1"])
            .Interface(2, 0xff, 0x01, 0x03, "option", ttys: ["ttyUSB2"])
            .Interface(3, 0xff, 0x01, 0x09, "qmi_wwan", wdm: ["cdc-wdm0"], net: ["wwan0"])
            .Interface(4, 0x08, 0x06, 0x50, "usb-storage");

    /// <summary>Gateway modem-only 12d1:1001 (§1.4 C): PPP only.</summary>
    public static void Gateway1001(SysfsTree t, string usb = "1-5") =>
        t.Device(usb, 0x12d1, 0x1001)
            .Interface(0, 0xff, 0x02, 0x01, "option", ttys: ["ttyUSB0"])
            .Interface(1, 0xff, 0x02, 0x03, "option", ttys: ["ttyUSB1"])
            .Interface(2, 0xff, 0x02, 0x02, "option", ttys: ["ttyUSB2"]);

    /// <summary>A USB flash drive: storage, but not a modem.</summary>
    public static void FlashDrive(SysfsTree t, string usb = "2-1") =>
        t.Device(usb, 0x0781, 0x5567, manufacturer: "SanDisk", productName: "Cruzer Blade", bus: 2)
            .Interface(0, 0x08, 0x06, 0x50, "usb-storage");
}
