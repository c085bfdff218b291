using WwanProto.Core.Ubus;

namespace WwanProto.Core.Usb.Hotplug;

/// <summary>
/// proto_set_available over the native ubus client: network.interface.&lt;iface&gt; notify_proto
/// {"action": 5, "available": true|false, "interface": "&lt;iface&gt;"}, as netifd-proto.sh sends it.
/// </summary>
public sealed class UbusInterfaceNotifier(string? socketPath = null, TimeSpan? timeout = null) : IInterfaceNotifier
{
    public async Task SetAvailableAsync(string iface, bool available, CancellationToken cancellationToken)
    {
        await using var ubus = await UbusConnection.ConnectAsync(UbusSocketPath.Resolve(socketPath), timeout ?? TimeSpan.FromSeconds(5), cancellationToken)
            .ConfigureAwait(false);
        var args = BlobmsgJson.FromJson($"{{\"action\":5,\"available\":{(available ? "true" : "false")},\"interface\":\"{iface}\"}}");
        var reply = await ubus.CallAsync($"network.interface.{iface}", "notify_proto", args, cancellationToken).ConfigureAwait(false);
        _ = reply;
    }
}
