namespace WwanProto.ModemSim.Profiles;

/// <summary>Radio technology the simulated network serves (decides ^SYSINFOEX, +COPS AcT, ^HCSQ).</summary>
public enum Rat { Gsm, Wcdma, Lte }

/// <summary>Storage-mode firmware family: decides what a switch message turns the device into (§1.3).</summary>
public enum Firmware { Stick, HiLink, Qualcomm, Phone, Module }

/// <summary>Everything that differs between simulated devices; the behaviour code reads only this.</summary>
public sealed record ModemProfile
{
    public required string Name { get; init; }
    public ushort Vid { get; init; } = 0x12d1;
    public required ushort Pid { get; init; }
    public string UsbManufacturer { get; init; } = "HUAWEI_MOBILE";
    public string UsbProduct { get; init; } = "HUAWEI_MOBILE";
    public string UsbSerial { get; init; } = "0123456789ABCDEF";
    public required IReadOnlyList<UsbInterfaceSpec> Interfaces { get; init; }
    public Firmware Firmware { get; init; } = Firmware.Stick;

    /// <summary>True: the whole command set is the 3GPP one; every ^ command answers ERROR.</summary>
    public bool Huawei { get; init; } = true;

    /// <summary>ATI / +CGMI / +CGMM / +CGMR text.</summary>
    public string Manufacturer { get; init; } = "huawei";
    public string Model { get; init; } = "E3372";
    public string Revision { get; init; } = "21.180.01.00.00";
    public string Gcap { get; init; } = "+CGSM,+DS,+ES";

    public bool EchoDefault { get; init; }
    /// <summary>0 bare ERROR, 1 numeric, 2 verbose (stick default).</summary>
    public int CmeeDefault { get; init; } = 2;
    /// <summary>Unknown command: "COMMAND NOT SUPPORT" (stick firmware) or "ERROR".</summary>
    public string UnknownCommand { get; init; } = "COMMAND NOT SUPPORT";
    public bool RejectsAtq0 { get; init; }

    public Rat Rat { get; init; } = Rat.Lte;
    public bool SupportsNdis { get; init; }
    public bool SupportsSysCfgEx { get; init; } = true;
    public bool SupportsCereg { get; init; } = true;
    /// <summary>Null: ^SETPORT answers ERROR (HiLink builds).</summary>
    public string? SetPort { get; init; }
    /// <summary>Null: ^GETPORTMODE answers the unknown-command result.</summary>
    public string? GetPortMode { get; init; }
    /// <summary>^HCSQ? gives a bare OK (E3372h-153 HiLink fw in 155e).</summary>
    public bool HcsqBareOk { get; init; }
    /// <summary>^GETPORTMODE crashes the modem: no answer, then it drops off the bus (MU609/ME909u, §1.6).</summary>
    public bool GetPortModeCrashes { get; init; }
    /// <summary>The call stays up in the stick when the host vanishes; a new ^NDISDUP=1,1 answers ERROR until torn down.</summary>
    public bool StaleOnHostLoss { get; init; }
    public bool DualStack { get; init; }
    /// <summary>QMI modems: the firmware has the WDA service (data format); old E392 firmware answers InvalidQmiCommand.</summary>
    public bool HasWda { get; init; }
    /// <summary>CONNECT text after ATD.</summary>
    public string ConnectText { get; init; } = "CONNECT";

    /// <summary>Periodic noise URCs (with ^CURC=1); {rssi} etc. are filled in.</summary>
    public IReadOnlyList<string> NoiseUrcs { get; init; } = [];
    public TimeSpan NoisePeriod { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Unsolicited lines the interleave/glue faults pick from.</summary>
    public IReadOnlyList<string> FaultUrcs { get; init; } = ["^RSSI:20", "^HCSQ:\"LTE\",48,35,86,14"];

    /// <summary>After AT^RESET the device is back in storage mode (HiLink firmware: the switch is not stored).</summary>
    public bool ResetsToStorage { get; init; }

    /// <summary>The device is a router (HiLink, tethering phone): its gateway and the address its DHCP server hands out.</summary>
    public (string Gateway, string Client)? Router { get; init; }

    public bool IsStorage => Interfaces.All(i => i.Driver == "usb-storage");
}
