using System.Buffers;
using System.Text.Json;

namespace WwanProto.Core.Netifd;

/// <summary>
/// What teardown needs when the session is gone (killed, crashed): which port controls the modem, which
/// link kind and context carried the call, and whether it was up. The session's reporter keeps it
/// current in &lt;StateDir&gt;/&lt;iface&gt;.link.json; teardown reads it and deletes it.
/// </summary>
public sealed record LinkState(string? ControlPort, string? LinkType, int Cid, bool Connected)
{
    public static string PathFor(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"{iface}.link.json");

    public void Write(SystemPaths paths, string iface)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartObject();
            if (ControlPort is not null) j.WriteString("control_port", ControlPort);
            if (LinkType is not null) j.WriteString("link_type", LinkType);
            j.WriteNumber("cid", Cid);
            j.WriteBoolean("connected", Connected);
            j.WriteEndObject();
        }
        AtomicFile.WriteState(paths, PathFor(paths, iface), buffer.WrittenSpan, 0x1A4);
    }

    /// <summary>The recorded state, or null when there is none (or it is unreadable: then there is nothing to clean).</summary>
    public static LinkState? Read(SystemPaths paths, string iface)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(PathFor(paths, iface)); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        try
        {
            var r = new Utf8JsonReader(bytes);
            string? port = null, type = null;
            int cid = 1;
            var connected = false;
            r.Read();
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = r.GetString();
                r.Read();
                switch (name)
                {
                    case "control_port": port = r.GetString(); break;
                    case "link_type": type = r.GetString(); break;
                    case "cid": cid = r.GetInt32(); break;
                    case "connected": connected = r.GetBoolean(); break;
                    default: r.Skip(); break;
                }
            }
            return new LinkState(port, type, cid, connected);
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
