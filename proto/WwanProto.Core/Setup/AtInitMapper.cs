using System.Globalization;
using WwanProto.Core.At;

namespace WwanProto.Core.Setup;

/// <summary>
/// Reads the settings hidden in dialer init strings: +CGDCONT (cid, PDP type, APN), +CPIN (PIN), +COPS
/// (manual operator). Everything else in them is modem housekeeping the handler does itself.
/// </summary>
public static class AtInitMapper
{
    /// <summary>Maps one init line (e.g. "AT+CGDCONT=1,\"IP\",\"internet\"" or "ATQ0 V1 E1 S0=0 &amp;C1"); reports the rest.</summary>
    public static void Map(string setting, string line, ImportResult result)
    {
        var body = line.Trim();
        if (body.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
            body = body[2..];
        var leftovers = new List<string>();
        foreach (var command in SplitCommands(body))
        {
            if (command.StartsWith("+CGDCONT=", StringComparison.OrdinalIgnoreCase))
                MapCgdcont(setting, command, result);
            else if (command.StartsWith("+CPIN=", StringComparison.OrdinalIgnoreCase))
                result.Set("pincode", Unquote(command[6..].Split(',')[0]));
            else if (command.StartsWith("+COPS=", StringComparison.OrdinalIgnoreCase))
                MapCops(setting, command, result);
            else if (command.Length > 0)
                leftovers.Add(command);
        }
        // PINs, PUKs and passwords ride in +CPIN/+CPWD/+CLCK/^AUTHDATA/^NDISDUP/+CGAUTH arguments: shown redacted.
        if (leftovers.Count > 0)
            result.Skip(setting, AtRedaction.Redact(line),
                $"modem setup ({string.Join(" ", leftovers.Select(AtRedaction.Redact))}) is done by the handler itself");
    }

    /// <summary>"+CGDCONT=1,\"IP\",\"apn\"": cid other than 1 becomes `profile`.</summary>
    private static void MapCgdcont(string setting, string command, ImportResult result)
    {
        var args = SplitArgs(command[9..]);
        if (args.Count < 3 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int cid))
        {
            result.Skip(setting, command, "+CGDCONT without cid, PDP type and APN");
            return;
        }
        var type = Unquote(args[1]).ToUpperInvariant();
        var pdp = type switch
        {
            "IP" => "IP",
            "IPV6" => "IPV6",
            "IPV4V6" => "IPV4V6",
            _ => null,
        };
        if (pdp is null)
            result.Skip(setting, command, $"PDP type '{type}' is not supported (IP, IPV6, IPV4V6)");
        else if (pdp != "IP")
            result.Set("pdptype", pdp);
        if (cid != 1)
            result.Set("profile", cid.ToString(CultureInfo.InvariantCulture));
        var apn = Unquote(args[2]);
        if (apn.Length > 0)
            result.Set("apn", apn);
    }

    /// <summary>"+COPS=1,2,\"26201\"": manual registration on a numeric PLMN; "+COPS=0" is automatic (the default).</summary>
    private static void MapCops(string setting, string command, ImportResult result)
    {
        var args = SplitArgs(command[6..]);
        if (args.Count >= 3 && args[0] is "1" or "4" && args[1] == "2")
            result.Set("plmn", Unquote(args[2]));
        else if (args.Count >= 1 && args[0] == "0")
            return;
        else
            result.Skip(setting, command, "only numeric manual operator selection (+COPS=1,2,\"MCCMNC\") maps to plmn");
    }

    /// <summary>Commands of one AT line: "+A=1;+B" and "Q0 V1 E1 &amp;C1" style chains.</summary>
    private static IEnumerable<string> SplitCommands(string body)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (var c in body)
        {
            if (c == '"')
                quoted = !quoted;
            if (!quoted && (c == ';' || c == ' '))
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts.Where(p => p.Length > 0);
    }

    private static List<string> SplitArgs(string s)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (var c in s)
        {
            if (c == '"')
                quoted = !quoted;
            if (c == ',' && !quoted)
            {
                args.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        args.Add(current.ToString().Trim());
        return args;
    }

    private static string Unquote(string s)
    {
        s = s.Trim();
        return s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;
    }
}
