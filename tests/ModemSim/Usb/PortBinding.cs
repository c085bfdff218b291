using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Usb;

/// <summary>A kernel device node the tree shows for one interface: "ttyUSB0" (option), "ttyACM0", "cdc-wdm0".</summary>
public sealed record PortBinding(int Interface, string KernelName, PortRole Role, string PtsPath);
