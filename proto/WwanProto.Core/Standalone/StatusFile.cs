using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>
/// The status file of a running `up`: `&lt;StateDir&gt;/&lt;iface&gt;.status.json`, replaced atomically on every change,
/// read by `status`. Hand-written JSON (no reflection). The IMSI stays out: the file is world-readable.
/// </summary>
public static class StatusFile
{
    public static string PathFor(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"{iface}.status.json");

    public static void Write(string path, StandaloneStatus status) => AtomicFile.Write(path, ToJson(status, indented: false) + "\n", 0x1A4);

    public static string ToJson(StandaloneStatus s, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            var m = s.Modem;
            w.WriteStartObject();
            w.WriteString("iface", s.Iface);
            w.WriteNumber("pid", s.Pid);
            w.WriteString("updated", Utc(s.Updated));
            w.WriteString("state", m.State);
            String(w, "manufacturer", m.Manufacturer);
            String(w, "model", m.Model);
            String(w, "firmware", m.Firmware);
            String(w, "imei", m.Imei);
            String(w, "iccid", m.Iccid);
            String(w, "sim_state", m.SimState);
            String(w, "operator", m.Operator);
            String(w, "rat", m.Rat);
            Number(w, "signal_dbm", m.SignalDbm);
            Number(w, "signal_bars", m.SignalBars);
            String(w, "control_port", m.ControlPort);
            String(w, "data_port", m.DataPort);
            String(w, "link_type", m.LinkType);
            String(w, "ifname", s.Ifname ?? m.Ifname);
            if (m.ConnectedSince is { } since)
            {
                w.WriteString("connected_since", Utc(since));
                w.WriteNumber("uptime", (long)Math.Max(0, (s.Updated - since).TotalSeconds));
            }
            else
            {
                w.WriteNull("connected_since");
                w.WriteNull("uptime");
            }
            w.WriteNumber("reconnects", m.Reconnects);
            w.WriteNumber("modem_resets", m.ModemResets);
            String(w, "last_error", m.LastError);
            Ip(w, "ipv4", s.Ipv4);
            Ip(w, "ipv6", s.Ipv6);
            String(w, "resolv_file", s.ResolvFile);
            String(w, "dns", s.Dns);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a status file; null when there is none (no session running). Unknown fields are skipped.</summary>
    public static StandaloneStatus? Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        return Parse(bytes);
    }

    public static StandaloneStatus Parse(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        var f = new Dictionary<string, string?>(StringComparer.Ordinal);
        IpConfig? v4 = null, v6 = null;
        Expect(ref r, JsonTokenType.StartObject);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var name = r.GetString()!;
            r.Read();
            if (name is "ipv4" or "ipv6")
            {
                var ip = r.TokenType == JsonTokenType.StartObject ? ReadIp(ref r) : null;
                if (name == "ipv4") v4 = ip; else v6 = ip;
                continue;
            }
            f[name] = r.TokenType switch
            {
                JsonTokenType.String => r.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(r.ValueSpan),
                JsonTokenType.Null => null,
                _ => Skip(ref r),
            };
        }
        int? Int(string n) => f.GetValueOrDefault(n) is { } v && int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null;
        DateTimeOffset? Time(string n) => f.GetValueOrDefault(n) is { } v && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
        string? S(string n) => f.GetValueOrDefault(n);
        return new StandaloneStatus
        {
            Iface = S("iface") ?? "",
            Pid = Int("pid") ?? 0,
            Updated = Time("updated") ?? default,
            Ifname = S("ifname"),
            Ipv4 = v4,
            Ipv6 = v6,
            ResolvFile = S("resolv_file"),
            Dns = S("dns"),
            Modem = new ModemStatus
            {
                State = S("state") ?? "unknown",
                Manufacturer = S("manufacturer"),
                Model = S("model"),
                Firmware = S("firmware"),
                Imei = S("imei"),
                Iccid = S("iccid"),
                SimState = S("sim_state"),
                Operator = S("operator"),
                Rat = S("rat"),
                SignalDbm = Int("signal_dbm"),
                SignalBars = Int("signal_bars"),
                ControlPort = S("control_port"),
                DataPort = S("data_port"),
                LinkType = S("link_type"),
                Ifname = S("ifname"),
                ConnectedSince = Time("connected_since"),
                Reconnects = Int("reconnects") ?? 0,
                ModemResets = Int("modem_resets") ?? 0,
                LastError = S("last_error"),
            },
        };
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static IpConfig? ReadIp(ref Utf8JsonReader r)
    {
        string? address = null, gateway = null;
        int prefix = 0;
        int? mtu = null;
        var dns = new List<string>();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var name = r.GetString();
            r.Read();
            switch (name)
            {
                case "address": address = r.GetString(); break;
                case "prefix": prefix = r.GetInt32(); break;
                case "gateway": gateway = r.TokenType == JsonTokenType.Null ? null : r.GetString(); break;
                case "mtu": mtu = r.TokenType == JsonTokenType.Null ? null : r.GetInt32(); break;
                case "dns":
                    while (r.Read() && r.TokenType == JsonTokenType.String) dns.Add(r.GetString()!);
                    break;
                default: Skip(ref r); break;
            }
        }
        return address is null ? null : new IpConfig(address, prefix, gateway, dns, mtu);
    }

    private static string? Skip(ref Utf8JsonReader r)
    {
        r.Skip();
        return null;
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (!r.Read() || r.TokenType != type) throw new InvalidDataException($"status file: expected {type}");
    }

    private static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static void Ip(Utf8JsonWriter w, string name, IpConfig? ip)
    {
        if (ip is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteString("address", ip.Address);
        w.WriteNumber("prefix", ip.PrefixLength);
        String(w, "gateway", ip.Gateway);
        w.WriteStartArray("dns");
        foreach (var d in ip.Dns) w.WriteStringValue(d);
        w.WriteEndArray();
        Number(w, "mtu", ip.Mtu);
        w.WriteEndObject();
    }
}
