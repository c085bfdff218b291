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
    /// <remarks>Commands are read in place and only the leftovers' message is built: an imported file can hold many init lines.</remarks>
    public static void Map(string setting, ReadOnlySpan<char> line, ImportResult result)
    {
        var body = line.Trim();
        if (body.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
            body = body[2..];
        System.Text.StringBuilder? leftovers = null;
        // Commands of one AT line: "+A=1;+B" and "Q0 V1 E1 &amp;C1" style chains; ';' and ' ' inside quotes belong to the argument.
        var quoted = false;
        for (int from = 0, i = 0; i <= body.Length; i++)
        {
            if (i < body.Length)
            {
                var c = body[i];
                if (c == '"')
                    quoted = !quoted;
                if (quoted || (c != ';' && c != ' '))
                    continue;
            }
            var command = body[from..i];
            from = i + 1;
            if (command.IsEmpty)
                continue;
            if (command.StartsWith("+CGDCONT=", StringComparison.OrdinalIgnoreCase))
                MapCgdcont(setting, command.ToString(), result);
            else if (command.StartsWith("+CPIN=", StringComparison.OrdinalIgnoreCase))
                result.Set("pincode", Unquote(UpToComma(command[6..]).ToString()));
            else if (command.StartsWith("+COPS=", StringComparison.OrdinalIgnoreCase))
                MapCops(setting, command.ToString(), result);
            else
                AppendRedacted(leftovers is null ? leftovers = new() : leftovers.Append(' '), command);
        }
        // PINs, PUKs and passwords ride in +CPIN/+CPWD/+CLCK/^AUTHDATA/^NDISDUP/+CGAUTH arguments: shown redacted.
        if (leftovers is not null)
            result.Skip(setting, AppendRedacted(new(), line).ToString(), $"modem setup ({leftovers}) is done by the handler itself");
    }

    private static ReadOnlySpan<char> UpToComma(ReadOnlySpan<char> s) => s.IndexOf(',') is var comma and >= 0 ? s[..comma] : s;

    private static System.Text.StringBuilder AppendRedacted(System.Text.StringBuilder to, ReadOnlySpan<char> command) =>
        AtRedaction.KeptLength(command) is var kept and >= 0 ? to.Append(command[..kept]).Append(AtRedaction.Redacted) : to.Append(command);

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
