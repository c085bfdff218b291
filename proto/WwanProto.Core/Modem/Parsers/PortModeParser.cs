namespace WwanProto.Core.Modem.Parsers;

/// <summary>What a USB interface of the composition is for, from its ^GETPORTMODE / ^SETPORT name.</summary>
public enum PortFunction { Pcui, Modem, Diag, Network, Storage, Gps, Other }

/// <summary>One "name:index" of ^GETPORTMODE; Name is lower-case ("pcui", "3g_modem"); Index is as printed (0- or 1-based).</summary>
public sealed record PortModeEntry(string Name, int Index, PortFunction Function);

/// <summary>AT^GETPORTMODE (§2.13): the vendor word and the ports in the order the modem lists them.</summary>
public sealed record PortMode(string Vendor, IReadOnlyList<PortModeEntry> Ports)
{
    /// <summary>The index of the first port with this function, or null.</summary>
    public int? IndexOf(PortFunction function) => Ports.FirstOrDefault(p => p.Function == function)?.Index;
}

public static class PortModeParser
{
    /// <summary>
    /// "^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1" and its variants: lower case, no spaces, an empty vendor,
    /// spaces around names and numbers, a trailing comma. Null when the line is not a ^GETPORTMODE answer.
    /// </summary>
    public static PortMode? Parse(string line)
    {
        var text = line.Trim();
        if (!text.StartsWith("^GETPORTMODE", StringComparison.OrdinalIgnoreCase)) return null;
        var wcdma = text.IndexOf("WCDMA:", StringComparison.OrdinalIgnoreCase);
        var body = wcdma >= 0 ? text[(wcdma + "WCDMA:".Length)..] : text[(text.IndexOf(':') + 1)..];
        var parts = body.Split(',');
        var vendor = parts.Length > 0 && !parts[0].Contains(':') ? parts[0].Trim() : "";
        var ports = new List<PortModeEntry>();
        foreach (var part in parts)
        {
            var colon = part.IndexOf(':');
            if (colon <= 0) continue;
            var name = part[..colon].Trim().ToLowerInvariant();
            if (name.Length == 0 || !int.TryParse(part[(colon + 1)..].Trim(), out var index)) continue;
            ports.Add(new PortModeEntry(name, index, Function(name)));
        }
        return new PortMode(vendor, ports);
    }

    public static PortFunction Function(string name) => name.ToLowerInvariant() switch
    {
        "pcui" => PortFunction.Pcui,
        "mdm" or "modem" or "3g_modem" or "4g_modem" => PortFunction.Modem,
        "diag" or "3g_diag" or "4g_diag" => PortFunction.Diag,
        "ndis" or "ncm" or "rndis" or "ecm" => PortFunction.Network,
        "cdrom" or "sd" or "mass" or "mass_two" => PortFunction.Storage,
        "gps" or "3g_gps" or "4g_gps" => PortFunction.Gps,
        _ => PortFunction.Other,
    };
}
