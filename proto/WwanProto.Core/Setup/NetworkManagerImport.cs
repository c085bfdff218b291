namespace WwanProto.Core.Setup;

/// <summary>A NetworkManager keyfile of type gsm → interface options ([gsm] apn/number/username/password/pin ...).</summary>
public static class NetworkManagerImport
{
    public static bool Looks(string text) => text.Contains("[gsm]", StringComparison.Ordinal);

    public static ImportResult Parse(string text)
    {
        var result = new ImportResult();
        string? group = null;
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var rest = text.AsSpan(); !rest.IsEmpty;)
        {
            // One line at a time rather than an array of every line: a large file stays one pass over cold memory.
            var end = rest.IndexOf('\n');
            var line = (end < 0 ? rest : rest[..end]).Trim().ToString();
            rest = end < 0 ? default : rest[(end + 1)..];
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                group = line[1..^1];
                continue;
            }
            var eq = line.IndexOf('=');
            if (group is null || eq <= 0)
            {
                result.Skip(line, "", "not a 'key=value' line in a [group]");
                continue;
            }
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            Map(group, key, value, result, flags);
        }
        foreach (var (secret, flag) in flags)
        {
            // NM secret flags: 1 agent-owned, 2 not saved, 4 not required; the value is then not in the file.
            if (flag != "0" && !result.Options.Any(o => o.Key == (secret == "pin" ? "pincode" : secret)))
                result.Unmapped.Add($"{secret}: kept by NetworkManager outside this file ({secret}-flags={flag}); set it with --{(secret == "pin" ? "pincode" : secret)}");
        }
        return result;
    }

    private static void Map(string group, string key, string value, ImportResult result, Dictionary<string, string> flags)
    {
        var setting = $"[{group}] {key}";
        switch (group, key)
        {
            case ("connection", "type"):
                if (value != "gsm")
                    result.Errors.Add($"connection type is '{value}', not gsm");
                break;
            case ("connection", "id"):
            case ("connection", "uuid"):
            case ("connection", "autoconnect"):
            case ("connection", "interface-name"):
                result.Skip(setting, value, "the interface name is chosen with --iface; netifd brings it up at boot");
                break;
            case ("gsm", "apn"):
                result.Set("apn", value);
                break;
            case ("gsm", "number"):
                result.Set("dialnumber", value);
                break;
            case ("gsm", "username"):
                result.Set("username", value);
                break;
            case ("gsm", "password"):
                result.Set("password", value);
                break;
            case ("gsm", "pin"):
                result.Set("pincode", value);
                break;
            case ("gsm", "password-flags"):
                flags["password"] = value;
                break;
            case ("gsm", "pin-flags"):
                flags["pin"] = value;
                break;
            case ("gsm", "network-id"):
                result.Set("plmn", value);
                break;
            case ("gsm", "home-only"):
                result.Set("allow_roaming", value == "true" ? "0" : "1");
                break;
            case ("gsm", "mtu"):
                if (value != "0")
                    result.Set("mtu", value);
                break;
            case ("ipv4", "method") when value == "auto":
            case ("ipv6", "method") when value is "ignore" or "disabled":
                break;
            case ("ipv4", "ignore-auto-dns"):
                result.Set("peerdns", value == "true" ? "0" : "1");
                break;
            case ("ipv6", "method"):
                result.Skip(setting, value, "IPv6 follows pdptype: set --pdptype IPV4V6 for dual stack");
                break;
            case ("serial", "baud"):
                result.Skip(setting, value, "not needed: USB modem ports ignore the baud rate");
                break;
            default:
                result.Skip(setting, value, "no huaweiwwan equivalent");
                break;
        }
    }
}
