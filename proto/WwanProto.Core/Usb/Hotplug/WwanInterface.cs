namespace WwanProto.Core.Usb.Hotplug;

/// <summary>A `proto huaweiwwan` interface of /etc/config/network, with what hotplug needs of it.</summary>
public sealed record WwanInterface(string Name, string Device, string UsbMode);
