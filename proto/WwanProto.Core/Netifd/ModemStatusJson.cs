using System.Buffers;
using System.Text;
using System.Text.Json;
using WwanProto.Core.Session;

namespace WwanProto.Core.Netifd;

/// <summary>
/// <see cref="ModemStatus"/> as JSON, one shape for the ubus `status` method and `huaweiwwan status --json`:
/// snake_case names, unknown values left out, connected_since in Unix seconds.
/// </summary>
public static class ModemStatusJson
{
    public static void Write(Utf8JsonWriter j, ModemStatus s)
    {
        j.WriteStartObject();
        j.WriteString("state", s.State);
        void S(string name, string? value) { if (value is not null) j.WriteString(name, value); }
        void N(string name, int? value) { if (value is { } v) j.WriteNumber(name, v); }
        S("manufacturer", s.Manufacturer);
        S("model", s.Model);
        S("firmware", s.Firmware);
        S("imei", s.Imei);
        S("iccid", s.Iccid);
        S("imsi", s.Imsi);
        S("sim_state", s.SimState);
        S("operator", s.Operator);
        S("rat", s.Rat);
        N("signal_dbm", s.SignalDbm);
        N("signal_bars", s.SignalBars);
        S("control_port", s.ControlPort);
        S("data_port", s.DataPort);
        S("ifname", s.Ifname);
        S("link_type", s.LinkType);
        if (s.ConnectedSince is { } since) j.WriteNumber("connected_since", since.ToUnixTimeSeconds());
        j.WriteNumber("reconnects", s.Reconnects);
        j.WriteNumber("modem_resets", s.ModemResets);
        S("last_error", s.LastError);
        j.WriteEndObject();
    }

    public static string ToJson(ModemStatus s, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented })) Write(j, s);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
