using System.Globalization;

namespace WwanProto.Core.Usb;

/// <summary>
/// Parses ^GETPORTMODE answers (huawei-modems.md §2.13), in all the recorded shapes:
/// "^GETPORTMODE: TYPE: WCDMA: huawei,,3g_modem:0,3g_diag:1,pcui:2,ncm:3",
/// "^getportmode:type:WCDMA:Qualcomm,NDIS:0,DIAG:1,PCUI:2,MDM:3,SD:4",
/// "^GETPORTMODE: TYPE: WCDMA: huawei ,, rndis: 0, pcui: 1, ...". Numbering may start at 0 or 1, so
/// callers match entries by order (ModemManager's rule), not by number.
/// </summary>
public static class GetPortModeParser
{
    public static IReadOnlyList<PortModeEntry>? Parse(string line)
    {
        var text = line.Trim();
        if (!text.StartsWith("^GETPORTMODE:", StringComparison.OrdinalIgnoreCase)) return null;
        // Everything up to the first comma is "TYPE: WCDMA: <vendor>".
        var comma = text.IndexOf(',');
        if (comma < 0) return [];
        var entries = new List<PortModeEntry>();
        foreach (var raw in text[(comma + 1)..].Split(','))
        {
            var part = raw.Trim();
            var colon = part.LastIndexOf(':');
            if (colon <= 0) continue;
            var name = part[..colon].Trim().ToLowerInvariant();
            if (name.Length == 0 || !int.TryParse(part.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                continue;
            entries.Add(new PortModeEntry(name, number));
        }
        return entries;
    }

    /// <summary>
    /// Assigns roles to ttys by order: the serial entries of the answer against the device's ttys sorted by
    /// interface number. Returns port name -> role.
    /// </summary>
    public static IReadOnlyDictionary<string, PortRole> MapToPorts(IReadOnlyList<PortModeEntry> entries, UsbDevice device)
    {
        var ttys = device.Ports.Where(p => p.Kind == PortKind.Tty).OrderBy(p => p.InterfaceNumber).ToArray();
        var serialRoles = entries.Where(e => e.Role is not null).Select(e => e.Role!.Value).ToArray();
        var map = new Dictionary<string, PortRole>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(ttys.Length, serialRoles.Length); i++) map[ttys[i].Name] = serialRoles[i];
        return map;
    }
}
