namespace WwanProto.Core.Usb.Hotplug;

/// <summary>Tells netifd that an interface's device came or went (notify_proto action 5, proto_set_available).</summary>
public interface IInterfaceNotifier
{
    Task SetAvailableAsync(string iface, bool available, CancellationToken cancellationToken);
}
