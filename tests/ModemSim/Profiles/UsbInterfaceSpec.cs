namespace WwanProto.ModemSim.Profiles;

/// <summary>One USB interface: class triple, bound driver and what it exposes.</summary>
/// <param name="Driver">Kernel driver name (option, cdc_acm, huawei_cdc_ncm, cdc_ncm, cdc_ether, usb-storage) or null when unbound.</param>
/// <param name="Tty">Port role when the interface carries a tty (ttyUSB/ttyACM); null otherwise.</param>
/// <param name="Net">The interface carries the network device.</param>
/// <param name="CdcWdm">The interface also exposes a cdc-wdm AT channel.</param>
public sealed record UsbInterfaceSpec(int Class, int SubClass, int Protocol, string? Driver,
    PortRole? Tty = null, bool Net = false, bool CdcWdm = false, string? Label = null);
