using System.Text;
using System.Text.Json;

namespace WwanProto.Core.Usb;

/// <summary>`probe --json`: one object per modem, written with Utf8JsonWriter (no reflection).</summary>
public static class ProbeJson
{
    public static string Write(IReadOnlyList<ModemProbeReport> reports, SystemPaths paths, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteStartArray("modems");
            foreach (var r in reports) WriteModem(w, r, paths);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteModem(Utf8JsonWriter w, ModemProbeReport r, SystemPaths paths)
    {
        var d = r.Device;
        w.WriteStartObject();
        w.WriteString("usb", d.Name);
        w.WriteString("id", d.Id);
        w.WriteString("kind", d.Kind.Name());
        Optional(w, "manufacturer", d.Manufacturer);
        Optional(w, "product", d.ProductName);
        Optional(w, "serial", d.Serial);
        w.WriteNumber("busnum", d.BusNum);
        w.WriteNumber("devnum", d.DevNum);
        if (r.Identity is { } id)
        {
            Optional(w, "vendor", id.Manufacturer);
            Optional(w, "model", id.Model);
            Optional(w, "firmware", id.Firmware);
            Optional(w, "imei", id.Imei);
        }
        var s = r.Selection;
        Optional(w, "control", s.ControlPath(paths));
        Optional(w, "ppp", s.PppPath(paths));
        Optional(w, "cdc_wdm", s.CdcWdmPath(paths));
        Optional(w, "netdev", s.NetDev);
        Optional(w, "portmode", s.PortMode);
        Optional(w, "note", r.Note);
        w.WriteStartArray("ports");
        foreach (var p in s.Ports)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("role", p.Role.Name());
            w.WriteString("source", p.RoleSource);
            w.WriteNumber("interface", p.Port.InterfaceNumber);
            var iface = d.Interfaces.First(i => i.Number == p.Port.InterfaceNumber);
            w.WriteString("class", iface.Triple);
            Optional(w, "driver", iface.Driver);
            if (p.Answered is { } answered) w.WriteBoolean("answers_at", answered);
            Optional(w, "held_by", p.HeldBy);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }
}
