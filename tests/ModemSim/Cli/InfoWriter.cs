using System.Text;
using System.Text.Json;

namespace WwanProto.ModemSim.Cli;

/// <summary>The JSON object wwan-sim prints: where the tree and the ports are.</summary>
public static class InfoWriter
{
    public static string Json(SimulatedModem modem)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("profile", modem.CurrentProfile);
            w.WriteString("root", modem.Root);
            w.WriteString("sysfs", modem.Paths.SysRoot);
            w.WriteString("devroot", modem.Paths.DevRoot);
            w.WriteString("statedir", modem.Paths.StateDir);
            w.WriteString("lockdir", modem.Paths.LockDir);
            w.WriteString("usbpath", modem.UsbPath);
            w.WriteString("pid", modem.CurrentPid.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartObject("ports");
            foreach (var (name, pts) in modem.Ports) w.WriteString(name, pts);
            w.WriteEndObject();
            if (modem.NetDev is { } nd) w.WriteString("netdev", nd); else w.WriteNull("netdev");
            w.WriteString("imei", modem.Imei);
            foreach (var key in new[] { "modemNetns", "modem_netns" })
                if (modem.ModemNetNs is { } ns) w.WriteString(key, ns); else w.WriteNull(key);
            w.WriteString("clientAddress", modem.Addresses.Client.ToString());
            w.WriteString("gateway", modem.Addresses.Gateway.ToString());
            w.WriteNumber("prefixLength", modem.Addresses.PrefixLength);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
