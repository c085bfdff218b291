using System.Buffers;
using System.Text;
using System.Text.Json;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The answer of rpcd's `huaweiwwan status` (LuCI's status view): `{"interfaces":{IFACE:{...}}}`, one entry
/// per interface. A running session answers for itself (`huaweiwwan.IFACE status`, passed through). In PPP
/// mode the session has become pppd (execve) and that object is gone, so the entry is built from netifd's
/// `network.interface.IFACE status`: its up/uptime/l3_device and the `data` table ppp-up reported at connect
/// time, in the same snake_case keys, marked `"source":"netifd"`. Without either: `"state":"not running"`.
/// </summary>
public static class InterfaceStatusReport
{
    public const string Proto = "huaweiwwan";

    /// <summary>Interface names as the plugin accepts them (also what UCI section names may be).</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_');

    /// <summary>The report for <paramref name="iface"/>, or without it for every session object and every huaweiwwan interface netifd knows.</summary>
    public static async Task<string> BuildAsync(UbusConnection c, string? iface, CancellationToken ct)
    {
        var names = iface is not null ? [iface] : await InterfaceNamesAsync(c, ct).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>();
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartObject();
            j.WriteStartObject("interfaces");
            foreach (var name in names)
            {
                j.WritePropertyName(name);
                await WriteInterfaceAsync(j, c, name, ct).ConfigureAwait(false);
            }
            j.WriteEndObject();
            j.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>`{"error":"..."}` as the plugin prints failures.</summary>
    public static string Error(string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartObject();
            j.WriteString("error", message);
            j.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task<List<string>> InterfaceNamesAsync(UbusConnection c, CancellationToken ct)
    {
        var names = new List<string>();
        void Add(string n) { if (IsValidName(n) && !names.Contains(n, StringComparer.Ordinal)) names.Add(n); }
        try
        {
            foreach (var o in await c.LookupAsync($"{Proto}.*", ct).ConfigureAwait(false))
                Add(o.Path[(Proto.Length + 1)..]);
        }
        catch (UbusException e) when (e.Status == UbusStatus.NotFound)
        {
            // No session publishes an object right now.
        }
        ReadOnlyMemory<byte> dump;
        try { dump = (await c.CallAsync("network.interface", "dump", ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false)).Data; }
        catch (UbusException e) when (e.Status == UbusStatus.NotFound) { return names; }
        foreach (var list in BlobAttr.Parse(dump))
        {
            if (list.Name != "interface" || list.Type != BlobmsgType.Array) continue;
            foreach (var entry in list.Children())
            {
                if (entry.Type != BlobmsgType.Table) continue;
                var attrs = entry.Children();
                if (Text(attrs, "proto") == Proto && Text(attrs, "interface") is { } n) Add(n);
            }
        }
        return names;
    }

    private static async Task WriteInterfaceAsync(Utf8JsonWriter j, UbusConnection c, string name, CancellationToken ct)
    {
        try
        {
            var own = await c.CallAsync($"{Proto}.{name}", "status", ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
            BlobmsgJson.WriteObject(j, BlobAttr.Parse(own.Data));
            return;
        }
        catch (UbusException e) when (e.Status == UbusStatus.NotFound)
        {
            // No session object: pppd runs in its place, or nothing runs.
        }
        catch (UbusException e)
        {
            Unknown(j, e.Message);
            return;
        }
        try
        {
            var netifd = await c.CallAsync($"network.interface.{name}", "status", ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
            WriteFromNetifd(j, BlobAttr.Parse(netifd.Data));
        }
        catch (UbusException e) when (e.Status == UbusStatus.NotFound)
        {
            j.WriteStartObject();
            j.WriteString("state", "not running");
            j.WriteEndObject();
        }
        catch (UbusException e)
        {
            Unknown(j, e.Message);
        }
    }

    private static void Unknown(Utf8JsonWriter j, string why)
    {
        j.WriteStartObject();
        j.WriteString("state", "unknown");
        j.WriteString("last_error", why);
        j.WriteEndObject();
    }

    /// <summary>The status card's keys from netifd's interface status and its `data` (see NotifyMessages' LinkData).</summary>
    private static void WriteFromNetifd(Utf8JsonWriter j, List<BlobAttr> status)
    {
        var up = Flag(status, "up");
        var pending = Flag(status, "pending");
        var device = Text(status, "l3_device");
        var data = status.FirstOrDefault(a => a.Name == "data" && a.Type == BlobmsgType.Table) is { Raw.Length: > 0 } d ? d.Children() : [];
        j.WriteStartObject();
        j.WriteString("state", up ? "connected" : pending ? "connecting" : "down");
        void Copy(string from, string to) { if (Text(data, from) is { Length: > 0 } v) j.WriteString(to, v); }
        void CopyNumber(string from, string to) { if (Integer(data, from) is { } v) j.WriteNumber(to, v); }
        Copy("manufacturer", "manufacturer");
        Copy("model", "model");
        Copy("firmware", "firmware");
        Copy("imei", "imei");
        Copy("sim_state", "sim_state");
        Copy("operator", "operator");
        Copy("rat", "rat");
        CopyNumber("signal", "signal_dbm");
        CopyNumber("signal_bars", "signal_bars");
        Copy("control_port", "control_port");
        var linkType = Text(data, "link_type") ?? (device is not null && device.StartsWith("3g-", StringComparison.Ordinal) ? "ppp" : null);
        if (linkType is not null) j.WriteString("link_type", linkType);
        if (up && device is not null) j.WriteString("ifname", device);
        if (up && Integer(status, "uptime") is { } uptime) j.WriteNumber("uptime", uptime);
        else j.WriteNull("uptime");
        if (FirstError(status) is { } error) j.WriteString("last_error", error);
        j.WriteString("source", "netifd");
        j.WriteEndObject();
    }

    /// <summary>netifd's `errors`: [{"subsystem":"huaweiwwan","code":"PIN_FAILED","data":["3"]}] → "PIN_FAILED 3".</summary>
    private static string? FirstError(List<BlobAttr> status)
    {
        if (status.FirstOrDefault(a => a.Name == "errors" && a.Type == BlobmsgType.Array) is not { Raw.Length: > 0 } errors) return null;
        foreach (var e in errors.Children())
        {
            if (e.Type != BlobmsgType.Table) continue;
            var attrs = e.Children();
            if (Text(attrs, "code") is not { } code) continue;
            var extra = attrs.FirstOrDefault(a => a.Name == "data" && a.Type == BlobmsgType.Array) is { Raw.Length: > 0 } d
                ? d.Children().Where(x => x.Type == BlobmsgType.String).Select(x => x.GetString()) : [];
            return string.Join(' ', extra.Prepend(code));
        }
        return null;
    }

    private static string? Text(List<BlobAttr> attrs, string name) =>
        attrs.FirstOrDefault(a => a.Name == name && a.Type == BlobmsgType.String) is { Raw.Length: > 0 } a ? a.GetString() : null;

    private static long? Integer(List<BlobAttr> attrs, string name)
    {
        foreach (var a in attrs)
            if (a.Name == name && a.Type is not BlobmsgType.Int8 && a.GetInteger() is { } v) return v;
        return null;
    }

    private static bool Flag(List<BlobAttr> attrs, string name) =>
        attrs.Any(a => a.Name == name && a.Type == BlobmsgType.Int8 && a.GetBool());
}
