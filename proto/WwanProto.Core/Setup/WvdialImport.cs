namespace WwanProto.Core.Setup;

/// <summary>
/// wvdial.conf → interface options. Settings come from [Dialer Defaults] overlaid by the chosen
/// [Dialer NAME] section (wvdial's own inheritance); keys are case-insensitive like wvdial's.
/// </summary>
public static class WvdialImport
{
    public static bool Looks(string text) => text.Contains("[Dialer ", StringComparison.OrdinalIgnoreCase);

    public static ImportResult Parse(string text, string? dialer)
    {
        var result = new ImportResult();
        var sections = new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.OrdinalIgnoreCase);
        List<KeyValuePair<string, string>>? current = null;
        for (var rest = text.AsSpan(); !rest.IsEmpty;)
        {
            // One line at a time rather than an array of every line: a large file stays one pass over cold memory.
            var end = rest.IndexOf('\n');
            var line = (end < 0 ? rest : rest[..end]).Trim().ToString();
            rest = end < 0 ? default : rest[(end + 1)..];
            if (line.Length == 0 || line[0] is ';' or '#')
                continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                if (!name.StartsWith("Dialer ", StringComparison.OrdinalIgnoreCase))
                {
                    current = null;
                    result.Skip($"[{name}]", "", "not a dialer section");
                    continue;
                }
                name = name[7..].Trim();
                if (!sections.TryGetValue(name, out current))
                    sections[name] = current = new();
                continue;
            }
            var eq = line.IndexOf('=');
            if (current is null || eq <= 0)
            {
                result.Skip(line, "", current is null ? "outside a [Dialer ...] section" : "not a 'Setting = value' line");
                continue;
            }
            current.Add(new(line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }

        var settings = new List<KeyValuePair<string, string>>();
        if (sections.TryGetValue("Defaults", out var defaults))
            settings.AddRange(defaults);
        if (dialer is not null && !dialer.Equals("Defaults", StringComparison.OrdinalIgnoreCase))
        {
            if (!sections.TryGetValue(dialer, out var chosen))
            {
                result.Errors.Add($"no [Dialer {dialer}] section (have: {string.Join(", ", sections.Keys)})");
                return result;
            }
            settings.AddRange(chosen);
        }
        else
        {
            foreach (var other in sections.Keys.Where(k => !k.Equals("Defaults", StringComparison.OrdinalIgnoreCase)))
                result.Skip($"[Dialer {other}]", "", "another dialer; choose it with --dialer " + other);
        }
        if (settings.Count == 0)
        {
            result.Errors.Add("no [Dialer Defaults] settings found");
            return result;
        }

        // Init strings run in the order of their numbers (Init1, Init2, ... then Init), everything else in file order.
        // Grouped by number, then the few distinct numbers sorted: linear in the settings, not n log n.
        var byOrder = new Dictionary<int, List<KeyValuePair<string, string>>>();
        foreach (var setting in settings)
        {
            var order = InitOrder(setting.Key);
            if (!byOrder.TryGetValue(order, out var group)) byOrder[order] = group = [];
            group.Add(setting);
        }
        foreach (var order in byOrder.Keys.Order())
            foreach (var (key, value) in byOrder[order])
                Map(key, value, result);
        return result;
    }

    private static int InitOrder(string key) =>
        key.StartsWith("Init", StringComparison.OrdinalIgnoreCase) && int.TryParse(key.AsSpan(4), out int n) ? n : 0;

    private static void Map(string key, string value, ImportResult result)
    {
        switch (key.ToLowerInvariant())
        {
            case "modem":
                result.Set("device", value);
                break;
            case "phone":
                result.Set("dialnumber", value);
                break;
            case "username":
                result.Set("username", value);
                break;
            case "password":
                result.Set("password", value);
                break;
            case "stupid mode":
                result.Skip(key, value, "not needed: huaweiwwan starts PPP right after CONNECT, as Stupid Mode does");
                break;
            case "baud":
                result.Skip(key, value, "not needed: USB modem ports ignore the baud rate");
                break;
            case "dial command":
                result.Skip(key, value, "the handler dials with ATD itself");
                break;
            default:
                if (key.StartsWith("init", StringComparison.OrdinalIgnoreCase))
                    AtInitMapper.Map(key, value, result);
                else
                    result.Skip(key, value, "no huaweiwwan equivalent");
                break;
        }
    }
}
