using System.Buffers;
using System.Text.Json;
using WwanProto.Core.Session;

namespace WwanProto.Core.Netifd;

/// <summary>
/// What the session knew about the modem when it handed the proto task over to pppd (execve), for the
/// hooks pppd runs later: ppp-up reports it to netifd as `data` (imei, model, operator ...), teardown
/// takes its existence as "the proto task was pppd" (so $ERROR is pppd's exit status) and finds the tty
/// whose lock may be stale. ppp-up marks it <see cref="ReachedIpUp"/>, so teardown tells a failed dial from a
/// link that was up. &lt;StateDir&gt;/&lt;iface&gt;.ppp.json, 0644 (nothing secret in it), written atomically.
/// </summary>
public sealed record PppHandoff(string Tty, string Ifname, ModemStatus Status)
{
    /// <summary>This pppd run reached ip-up (IPCP came up): its end is no failed attempt.</summary>
    public bool ReachedIpUp { get; init; }

    public static string PathFor(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"{iface}.ppp.json");

    public void Write(SystemPaths paths, string iface)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartObject();
            j.WriteString("tty", Tty);
            j.WriteString("ifname", Ifname);
            void S(string name, string? value) { if (value is not null) j.WriteString(name, value); }
            S("imei", Status.Imei);
            S("manufacturer", Status.Manufacturer);
            S("model", Status.Model);
            S("firmware", Status.Firmware);
            S("operator", Status.Operator);
            S("rat", Status.Rat);
            if (Status.SignalDbm is { } dbm) j.WriteNumber("signal", dbm);
            if (Status.SignalBars is { } bars) j.WriteNumber("signal_bars", bars);
            S("sim_state", Status.SimState);
            S("control_port", Status.ControlPort);
            if (ReachedIpUp) j.WriteBoolean("ip_up", true);
            j.WriteEndObject();
        }
        AtomicFile.WriteState(paths, PathFor(paths, iface), buffer.WrittenSpan, 0x1A4);
    }

    /// <summary>The handoff, or null when there is none (the session never reached pppd) or it is unreadable.</summary>
    public static PppHandoff? Read(SystemPaths paths, string iface)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(PathFor(paths, iface)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        try
        {
            var r = new Utf8JsonReader(bytes);
            string? tty = null, ifname = null;
            var ipUp = false;
            var s = new ModemStatus { LinkType = "ppp" };
            r.Read();
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = r.GetString();
                r.Read();
                switch (name)
                {
                    case "tty": tty = r.GetString(); break;
                    case "ifname": ifname = r.GetString(); break;
                    case "imei": s = s with { Imei = r.GetString() }; break;
                    case "manufacturer": s = s with { Manufacturer = r.GetString() }; break;
                    case "model": s = s with { Model = r.GetString() }; break;
                    case "firmware": s = s with { Firmware = r.GetString() }; break;
                    case "operator": s = s with { Operator = r.GetString() }; break;
                    case "rat": s = s with { Rat = r.GetString() }; break;
                    case "signal": s = s with { SignalDbm = r.GetInt32() }; break;
                    case "signal_bars": s = s with { SignalBars = r.GetInt32() }; break;
                    case "sim_state": s = s with { SimState = r.GetString() }; break;
                    case "control_port": s = s with { ControlPort = r.GetString() }; break;
                    case "ip_up": ipUp = r.GetBoolean(); break;
                    default: r.Skip(); break;
                }
            }
            return tty is null || ifname is null ? null : new PppHandoff(tty, ifname, s with { DataPort = tty, Ifname = ifname }) { ReachedIpUp = ipUp };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static void Delete(SystemPaths paths, string iface)
    {
        try { File.Delete(PathFor(paths, iface)); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
