namespace WwanProto.ModemSim.Profiles;

/// <summary>
/// The simulated devices. Identities, layouts and answers follow reference/huawei-modems.md §1.4/§1.7/§2
/// and field-reports.md; values the reference does not give (some revisions, the phone's ids) are plausible
/// stand-ins and marked as such.
/// </summary>
public static class ProfileCatalog
{
    private static UsbInterfaceSpec Serial(int sub, int proto, PortRole role) => new(0xff, sub, proto, "option", role);
    private static readonly UsbInterfaceSpec Storage = new(0x08, 0x06, 0x50, "usb-storage");

    /// <summary>Stick firmware 21.x, 12d1:1506, ^SETPORT "A1,A2;12,1,16,A1,A2" (§1.4 D, §6.3, field report 1).</summary>
    public static readonly ModemProfile E3372h153 = new()
    {
        Name = "e3372h-153", Pid = 0x1506,
        Interfaces =
        [
            Serial(0x02, 0x12, PortRole.Pcui),
            Serial(0x02, 0x01, PortRole.Modem),
            new(0xff, 0x02, 0x16, "huawei_cdc_ncm", Net: true, CdcWdm: true),
            Storage, Storage,
        ],
        Model = "E3372", Revision = "21.200.07.00.805",
        SupportsNdis = true,
        SetPort = "A1,A2;12,1,16,A1,A2",
        GetPortMode = "^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1,NDIS:2,CDROM:3,SD:4,",
        ConnectText = "CONNECT 150000000",
        NoiseUrcs = ["^RSSI:{rssi}", "^HCSQ:\"LTE\",{hrssi},35,86,14"],
        NoisePeriod = TimeSpan.FromSeconds(5),
    };

    /// <summary>E3372h-320 after HuaweiAlt, 12d1:155e (§1.4 B, §4.11, field report 2).</summary>
    public static readonly ModemProfile E3372h320 = new()
    {
        Name = "e3372h-320", Pid = 0x155e,
        Interfaces =
        [
            Serial(0x02, 0x01, PortRole.Modem),
            Serial(0x02, 0x03, PortRole.Diag),
            Serial(0x02, 0x02, PortRole.Pcui),
            new(0x02, 0x0d, 0x00, "cdc_ncm", Net: true),
            new(0x0a, 0x00, 0x01, "cdc_ncm"),
        ],
        Firmware = Firmware.HiLink,
        Manufacturer = "Huawei Technologies Co.,Ltd.", Model = "E3372h-320", Revision = "11.0.1.1(H697SP2C983)",
        CmeeDefault = 1, UnknownCommand = "ERROR", RejectsAtq0 = true,
        SupportsNdis = true, DualStack = true, StaleOnHostLoss = true, ResetsToStorage = true,
        GetPortMode = "^GETPORTMODE: TYPE: WCDMA: huawei,,3g_modem:0,3g_diag:1,pcui:2,ncm:3",
        ConnectText = "CONNECT 150000000",
        NoiseUrcs = ["^RSSI: {rssi}", "^HCSQ:\"LTE\",{hrssi},35,86,14", "^CERSSI:0,0,0,0,255,-90,-7,15,32639,32639,32639"],
        NoisePeriod = TimeSpan.FromSeconds(2),
        FaultUrcs = ["^RSSI: 16", "^CERSSI:0,-80,-4,0,0,0,0", "^HCSQ:\"LTE\",48,35,86,14"],
    };

    /// <summary>E3372h-153 on HiLink firmware 22.329 after HuaweiAlt (§1.4 B, §4.13): 155e with ff/ff/ff serials,
    /// ^SETPORT ERROR, ^HCSQ? bare OK, +CESQ ERROR, IPv4 only.</summary>
    public static readonly ModemProfile E3372h153Gateway = E3372h320 with
    {
        Name = "e3372h-153-155e",
        Interfaces =
        [
            new(0xff, 0xff, 0xff, "option", PortRole.Modem),
            new(0xff, 0xff, 0xff, "option", PortRole.Diag),
            new(0xff, 0xff, 0xff, "option", PortRole.Pcui),
            new(0x02, 0x0d, 0x00, "cdc_ncm", Net: true),
            new(0x0a, 0x00, 0x01, "cdc_ncm"),
        ],
        Manufacturer = "huawei", Model = "E3372", Revision = "22.329.63.00.21",
        RejectsAtq0 = false, HcsqBareOk = true, DualStack = false, StaleOnHostLoss = false,
    };

    /// <summary>ME909u-521 module, 12d1:1573 config 1 (§1.4 G): interface strings name the roles; ^GETPORTMODE
    /// crashes it (§1.6). Sub-class/protocol of the Pcui/Diag interfaces and the revision are stand-ins.</summary>
    public static readonly ModemProfile Me909u521 = new()
    {
        Name = "me909u-521", Pid = 0x1573,
        Interfaces =
        [
            new(0xff, 0x01, 0x10, "option", PortRole.Modem, Label: "HUAWEI Mobile Connect - Modem"),
            new(0xff, 0x01, 0x12, "option", PortRole.Pcui, Label: "HUAWEI Mobile Connect - Pcui"),
            new(0xff, 0x01, 0x13, "option", PortRole.Diag, Label: "HUAWEI Mobile Connect - Serial B"),
            new(0x02, 0x0d, 0x00, "cdc_ncm", Net: true, Label: "HUAWEI Mobile Connect - Ctrl"),
            new(0x0a, 0x00, 0x01, "cdc_ncm"),
        ],
        Firmware = Firmware.Module, UsbManufacturer = "Huawei Technologies Co., Ltd.", UsbProduct = "HUAWEI Mobile",
        Manufacturer = "Huawei Technologies Co., Ltd.", Model = "ME909u-521", Revision = "12.631.07.01.00",
        UnknownCommand = "ERROR", SupportsNdis = true, GetPortModeCrashes = true,
        GetPortMode = "^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,PCUI:1,DIAG:2,NDIS:3",
        ConnectText = "CONNECT 100000000",
    };

    /// <summary>HiLink gateway modem-only composition, 12d1:1001 (§1.4 C): old-PPP gateway switch message.</summary>
    public static readonly ModemProfile Gateway1001 = E3372h320 with
    {
        Name = "gateway-1001", Pid = 0x1001,
        Interfaces = [Serial(0x02, 0x01, PortRole.Modem), Serial(0x02, 0x03, PortRole.Diag), Serial(0x02, 0x02, PortRole.Pcui)],
        SupportsNdis = false,
        GetPortMode = "^GETPORTMODE: TYPE: WCDMA: huawei,,3g_modem:0,3g_diag:1,pcui:2",
    };

    /// <summary>The HiLink router inside the stick: 192.168.8.1, DHCP from 192.168.8.100 (§1.4 A).</summary>
    public static readonly (string, string) HiLinkRouter = ("192.168.8.1", "192.168.8.100");

    /// <summary>
    /// HiLink cdc_ether 12d1:14dc with SD (§1.4 A): no AT port at all; the web API (HiLink/HiLinkFirmware) at
    /// 192.168.8.1 inside the modem namespace. Also known by its older name "e3372h-hilink".
    /// </summary>
    public static readonly ModemProfile E3372hHiLink = new()
    {
        Name = "hilink", Pid = 0x14dc,
        Interfaces = [new(0x02, 0x06, 0x00, "cdc_ether", Net: true), new(0x0a, 0x00, 0x00, "cdc_ether"), Storage],
        Firmware = Firmware.HiLink, ResetsToStorage = true, Model = "E3372", Revision = "22.329.63.00.74",
        Router = HiLinkRouter,
    };

    /// <summary>
    /// Android USB tethering (field report 5): RNDIS (e0/01/03, rndis_host) as usb0, DHCP from the phone on
    /// 192.168.42.x, no AT, no API. Google's tethering ids 18d1:4ee3.
    /// </summary>
    public static readonly ModemProfile Android = new()
    {
        Name = "android", Vid = 0x18d1, Pid = 0x4ee3,
        UsbManufacturer = "Google", UsbProduct = "Pixel 7", UsbSerial = "28121FDH2000XY",
        Interfaces = [new(0xe0, 0x01, 0x03, "rndis_host", Net: true), new(0x0a, 0x00, 0x00, "rndis_host")],
        Firmware = Firmware.Phone, Huawei = false, Manufacturer = "Google", Model = "Pixel 7",
        Router = ("192.168.42.129", "192.168.42.218"),
    };

    /// <summary>E3131 stick, PPP-only composition after the switch (field report 3: 12d1:1c05; port order modem/diag/pcui as §1.4 C).</summary>
    public static readonly ModemProfile E3131 = new()
    {
        Name = "e3131", Pid = 0x1c05,
        Interfaces = [Serial(0x02, 0x01, PortRole.Modem), Serial(0x02, 0x03, PortRole.Diag), Serial(0x02, 0x02, PortRole.Pcui), Storage],
        Model = "E3131", Revision = "21.158.13.00.209", // revision: plausible stand-in
        EchoDefault = true, Rat = Rat.Wcdma, SupportsSysCfgEx = false, SupportsCereg = false,
        SetPort = "A1,A2;1,3,2,A1,A2",
        GetPortMode = "^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,DIAG:1,PCUI:2,CDROM:3,",
        ConnectText = "CONNECT 21600000",
        NoiseUrcs = ["^BOOT:35323129,0,0,0,26", "^RSSI:{rssi}"],
        NoisePeriod = TimeSpan.FromSeconds(3),
        FaultUrcs = ["^RSSI:14", "^BOOT:35323129,0,0,0,26"],
    };

    /// <summary>E367 Qualcomm stick, 12d1:1506 with ff/01/xx serials (§1.4 E, §1.7), PPP only.</summary>
    public static readonly ModemProfile E367 = new()
    {
        Name = "e367", Pid = 0x1506,
        Interfaces = [Serial(0x01, 0x01, PortRole.Modem), Serial(0x01, 0x03, PortRole.Diag), Serial(0x01, 0x02, PortRole.Pcui), Storage],
        Firmware = Firmware.Qualcomm,
        Model = "E367", Revision = "11.810.09.00.00", // revision: plausible stand-in
        EchoDefault = true, Rat = Rat.Wcdma, SupportsSysCfgEx = false, SupportsCereg = false,
        GetPortMode = "^getportmode:type:WCDMA:Qualcomm,MDM:0,DIAG:1,PCUI:2,SD:3",
        ConnectText = "CONNECT 7200000",
        NoiseUrcs = ["^BOOT:35323129,0,0,0,26", "^RSSI:{rssi}"],
        NoisePeriod = TimeSpan.FromSeconds(3),
        FaultUrcs = ["^RSSI:14", "^BOOT:35323129,0,0,0,26"],
    };

    /// <summary>
    /// E392 LTE stick in QMI mode, 12d1:1506 after the 1505 switch (§1.4 E, field report 4): modem/PCUI/diag on
    /// ff/01/01, ff/01/02, ff/01/03 and qmi_wwan (cdc-wdm0 + wwan0) on ff/01/09. Old firmware: no WDA service, 802.3
    /// framing. The revision is a plausible stand-in.
    /// </summary>
    public static readonly ModemProfile E392 = new()
    {
        Name = "e392", Pid = 0x1506,
        Interfaces =
        [
            Serial(0x01, 0x01, PortRole.Modem), Serial(0x01, 0x02, PortRole.Pcui), Serial(0x01, 0x03, PortRole.Diag),
            new(0xff, 0x01, 0x09, "qmi_wwan", Net: true, CdcWdm: true),
            Storage,
        ],
        Firmware = Firmware.Qualcomm,
        Model = "E392", Revision = "11.833.09.03.00",
        EchoDefault = true, Rat = Rat.Lte, SupportsSysCfgEx = false, SupportsCereg = true, DualStack = true,
        GetPortMode = "^getportmode:type:WCDMA:Qualcomm,MDM:0,PCUI:1,DIAG:2,NDIS:3,SD:4",
        ConnectText = "CONNECT 100000000",
        NoiseUrcs = ["^RSSI:{rssi}"],
        NoisePeriod = TimeSpan.FromSeconds(3),
        FaultUrcs = ["^RSSI:14", "^BOOT:35323129,0,0,0,26"],
    };

    /// <summary>The E392's CD-ROM stage, 12d1:1505 (field report 4's usb_modeswitch entry): switches to <see cref="E392"/>.</summary>
    public static readonly ModemProfile Storage1505 = new()
    {
        Name = "storage-1505", Pid = 0x1505,
        Interfaces = [Storage, Storage],
        Firmware = Firmware.Qualcomm,
    };

    /// <summary>Generic 3GPP phone in PC-suite mode on ttyACM (field report 5): no Huawei commands, PPP only. Ids are stand-ins.</summary>
    public static readonly ModemProfile PhoneAcm = new()
    {
        Name = "phone-acm", Vid = 0x0421, Pid = 0x0070,
        UsbManufacturer = "Nokia", UsbProduct = "Nokia N95", UsbSerial = "354851020123456",
        Interfaces = [new(0x02, 0x02, 0x01, "cdc_acm", PortRole.Acm), new(0x0a, 0x00, 0x00, "cdc_acm")],
        Firmware = Firmware.Phone, Huawei = false,
        Manufacturer = "Nokia", Model = "Nokia N95", Revision = "V 35.0.002", Gcap = "+CGSM,+FCLASS,+DS",
        EchoDefault = true, CmeeDefault = 0, UnknownCommand = "ERROR",
        Rat = Rat.Wcdma, SupportsSysCfgEx = false, SupportsCereg = false,
        FaultUrcs = ["+CIEV: 2,4", "+CIEV: 1,3"],
    };

    /// <summary>Balong CD-ROM scene PID 12d1:1f01 (§1.2, §3.1): CD-ROM + TF card, waits for a switch message.</summary>
    public static readonly ModemProfile Storage1f01 = new()
    {
        Name = "storage-1f01", Pid = 0x1f01,
        Interfaces = [Storage, Storage],
        Firmware = Firmware.HiLink,
    };

    public static IReadOnlyList<ModemProfile> All { get; } =
        [E3372h153, E3372h320, E3131, E367, E392, Storage1505, PhoneAcm, Storage1f01, E3372hHiLink, Gateway1001, E3372h153Gateway, Me909u521, Android];

    public static ModemProfile Get(string name) =>
        All.FirstOrDefault(p => p.Name == (name == "e3372h-hilink" ? "hilink" : name))
        ?? throw new ArgumentException($"unknown simulator profile \"{name}\" (known: {string.Join(", ", All.Select(p => p.Name))})");

    /// <summary>
    /// The CD-ROM stage a device of this profile shows after a reset back to storage mode (§1.2 PIDs).
    /// </summary>
    public static ModemProfile StorageOf(ModemProfile profile) => profile.Firmware switch
    {
        Firmware.Phone or Firmware.Module => throw new InvalidOperationException($"{profile.Name} has no storage mode"),
        Firmware.Qualcomm when profile.Name == "e392" => Storage1505,
        Firmware.Qualcomm => Storage1f01 with { Name = "storage-1446", Pid = 0x1446, Firmware = Firmware.Qualcomm },
        Firmware.Stick when profile.Name == "e3131" => Storage1f01 with { Name = "storage-14fe", Pid = 0x14fe, Firmware = Firmware.Stick },
        Firmware.Stick => Storage1f01 with { Firmware = Firmware.Stick },
        _ => Storage1f01,
    };
}
