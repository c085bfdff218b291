using System.Net;
using Tmds.DBus.Protocol;

namespace WwanProto.Tests.DBus;

/// <summary>
/// systemd-resolved, ModemManager and NetworkManager as the product sees them on the system bus: their real
/// bus names, object paths, interfaces, method names and signatures (org.freedesktop.resolve1.Manager
/// SetLinkDNS ia(iay), SetLinkDomains ia(sb), SetLinkDefaultRoute ib, RevertLink i; org.freedesktop.ModemManager1
/// InhibitDevice sb; org.freedesktop.NetworkManager GetDeviceByIpIface s -> o, the device's Managed property
/// through org.freedesktop.DBus.Properties Get ss -> v / Set ssv). Every call is recorded as one line.
/// </summary>
internal sealed class DesktopServicesDouble : IDisposable
{
    public const string NmDevicePath = "/org/freedesktop/NetworkManager/Devices/7";
    private readonly DBusConnection _connection;
    private readonly List<string> _calls = [];

    /// <summary>What NetworkManager calls the netdev it manages.</summary>
    public string NmNetdev { get; init; } = "wwan0";

    /// <summary>ModemManager answers InhibitDevice with an error (as for an unknown device or a policy refusal).</summary>
    public bool ModemManagerRefuses { get; init; }

    public bool Managed { get; private set; } = true;

    private DesktopServicesDouble(DBusConnection connection) => _connection = connection;

    public static async Task<DesktopServicesDouble> StartAsync(string address, bool resolved = true, bool modemManager = true, bool networkManager = true,
        bool modemManagerRefuses = false)
    {
        var connection = new DBusConnection(address);
        await connection.ConnectAsync();
        var services = new DesktopServicesDouble(connection) { ModemManagerRefuses = modemManagerRefuses };
        if (resolved)
        {
            connection.AddMethodHandler(new Handler("/org/freedesktop/resolve1", services.Resolved));
            await connection.RequestNameAsync("org.freedesktop.resolve1", RequestNameOptions.Default);
        }
        if (modemManager)
        {
            connection.AddMethodHandler(new Handler("/org/freedesktop/ModemManager1", services.ModemManager));
            await connection.RequestNameAsync("org.freedesktop.ModemManager1", RequestNameOptions.Default);
        }
        if (networkManager)
        {
            connection.AddMethodHandler(new Handler("/org/freedesktop/NetworkManager", services.NetworkManager));
            connection.AddMethodHandler(new Handler(NmDevicePath, services.NetworkManagerDevice));
            await connection.RequestNameAsync("org.freedesktop.NetworkManager", RequestNameOptions.Default);
        }
        return services;
    }

    public IReadOnlyList<string> Calls
    {
        get { lock (_calls) return _calls.ToArray(); }
    }

    private void Record(string call)
    {
        lock (_calls) _calls.Add(call);
    }

    private void Resolved(MethodContext context)
    {
        var request = context.Request;
        if (request.InterfaceAsString != "org.freedesktop.resolve1.Manager") { context.ReplyUnknownMethodError(); return; }
        var r = request.GetBodyReader();
        switch (request.MemberAsString, request.SignatureAsString)
        {
            case ("SetLinkDNS", "ia(iay)"):
            {
                var ifindex = r.ReadInt32();
                var servers = new List<string>();
                var end = r.ReadArrayStart(DBusType.Struct);
                while (r.HasNext(end))
                {
                    r.AlignStruct();
                    var family = r.ReadInt32();
                    servers.Add($"{family}:{new IPAddress(r.ReadArrayOfByte())}");
                }
                Record($"SetLinkDNS {ifindex} {string.Join(',', servers)}");
                break;
            }
            case ("SetLinkDomains", "ia(sb)"):
            {
                var ifindex = r.ReadInt32();
                var domains = new List<string>();
                var end = r.ReadArrayStart(DBusType.Struct);
                while (r.HasNext(end))
                {
                    r.AlignStruct();
                    var name = r.ReadString();
                    domains.Add($"{name}:{(r.ReadBool() ? "route-only" : "search")}");
                }
                Record($"SetLinkDomains {ifindex} {string.Join(',', domains)}");
                break;
            }
            case ("SetLinkDefaultRoute", "ib"):
                Record($"SetLinkDefaultRoute {r.ReadInt32()} {r.ReadBool()}");
                break;
            case ("RevertLink", "i"):
                Record($"RevertLink {r.ReadInt32()}");
                break;
            default:
                context.ReplyUnknownMethodError();
                return;
        }
        ReplyEmpty(context);
    }

    private void ModemManager(MethodContext context)
    {
        var request = context.Request;
        if (request is not { InterfaceAsString: "org.freedesktop.ModemManager1", MemberAsString: "InhibitDevice", SignatureAsString: "sb" }) { context.ReplyUnknownMethodError(); return; }
        var r = request.GetBodyReader();
        var uid = r.ReadString();
        var inhibit = r.ReadBool();
        Record($"InhibitDevice {uid} {inhibit}");
        if (ModemManagerRefuses && inhibit) { context.ReplyError("org.freedesktop.ModemManager1.Error.Core.NotFound", $"device not found: {uid}"); return; }
        ReplyEmpty(context);
    }

    private void NetworkManager(MethodContext context)
    {
        var request = context.Request;
        if (request is not { InterfaceAsString: "org.freedesktop.NetworkManager", MemberAsString: "GetDeviceByIpIface", SignatureAsString: "s" }) { context.ReplyUnknownMethodError(); return; }
        var iface = request.GetBodyReader().ReadString();
        Record($"GetDeviceByIpIface {iface}");
        if (iface != NmNetdev) { context.ReplyError("org.freedesktop.NetworkManager.UnknownDevice", "No device found for the requested iface."); return; }
        using var w = context.CreateReplyWriter("o");
        w.WriteObjectPath(NmDevicePath);
        context.Reply(w.CreateMessage());
    }

    private void NetworkManagerDevice(MethodContext context)
    {
        var request = context.Request;
        var r = request.GetBodyReader();
        switch (request.InterfaceAsString, request.MemberAsString, request.SignatureAsString)
        {
            case ("org.freedesktop.DBus.Properties", "Get", "ss"):
            {
                var (iface, name) = (r.ReadString(), r.ReadString());
                Record($"Get {iface} {name}");
                using var w = context.CreateReplyWriter("v");
                w.WriteVariantBool(Managed);
                context.Reply(w.CreateMessage());
                return;
            }
            case ("org.freedesktop.DBus.Properties", "Set", "ssv"):
            {
                var (iface, name) = (r.ReadString(), r.ReadString());
                var value = r.ReadVariantValue().GetBool();
                Record($"Set {iface} {name} {value}");
                Managed = value;
                ReplyEmpty(context);
                return;
            }
            default:
                context.ReplyUnknownMethodError();
                return;
        }
    }

    private static void ReplyEmpty(MethodContext context)
    {
        using var w = context.CreateReplyWriter(null);
        context.Reply(w.CreateMessage());
    }

    public void Dispose() => _connection.Dispose();

    private sealed class Handler(string path, Action<MethodContext> handle) : IPathMethodHandler
    {
        public string Path => path;
        public bool HandlesChildPaths => false;

        public ValueTask HandleMethodAsync(MethodContext context)
        {
            handle(context);
            return default;
        }
    }
}
