namespace WwanProto.Core.Usb.Switching;

/// <summary>/etc/usb-mode.json is unreadable or malformed; the message names the file and the entry.</summary>
public sealed class UsbModeConfigException(string message) : Exception(message);
