namespace WwanProto.Core.Netifd;

/// <summary>
/// One run of the handler by netifd: `./huaweiwwan.sh PROTO ACTION IFACE 'CONFIG-JSON' [DEVICE]`, cwd
/// /lib/netifd/proto; <see cref="UbusSocket"/> is the `-s` option (else $HUAWEIWWAN_UBUS, else the default).
/// </summary>
public sealed record HandlerCall(string Proto, string Action, string Interface, string ConfigJson, string? Device, string? UbusSocket);
