namespace WwanProto.Core.Modem.Parsers;

/// <summary>The "Key: value" lines of ATI (§2.2, §6.1). Any of them may be missing (phones print one bare line).</summary>
public sealed record AtiIdentity(string? Manufacturer, string? Model, string? Revision, string? Imei, string? Gcap)
{
    /// <summary>Stick firmware 21.x vs HiLink 22.x (§1.1), from the revision; null when unknown.</summary>
    public string? FirmwareFamily => Revision switch
    {
        { } r when r.StartsWith("21.", StringComparison.Ordinal) => "stick",
        { } r when r.StartsWith("22.", StringComparison.Ordinal) => "hilink",
        _ => null,
    };
}

public static class AtiParser
{
    public static AtiIdentity Parse(IEnumerable<string> lines)
    {
        string? manufacturer = null, model = null, revision = null, imei = null, gcap = null;
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.Length == 0) continue;
            switch (key.ToUpperInvariant())
            {
                case "MANUFACTURER": manufacturer ??= value; break;
                case "MODEL": model ??= value; break;
                case "REVISION": revision ??= value; break;
                case "IMEI": imei ??= value; break;
                case "+GCAP": gcap ??= value; break;
            }
        }
        return new AtiIdentity(manufacturer, model, revision, imei, gcap);
    }
}
