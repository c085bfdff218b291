namespace WwanProto.Core.At;

/// <summary>
/// The form of a command that may appear in messages and logs: the arguments of commands that carry a PIN,
/// PUK, NCK or password are replaced, so Describe() of a failed unlock never shows the secret.
/// </summary>
public static class AtRedaction
{
    private static readonly string[] SecretCommands = ["+CPIN=", "+CLCK=", "+CPWD=", "^CARDLOCK=", "^AUTHDATA=", "+CGAUTH=", "$QCPDPP="];

    public static string Redact(string command)
    {
        var upper = command.ToUpperInvariant();
        foreach (var name in SecretCommands)
        {
            var at = upper.IndexOf(name, StringComparison.Ordinal);
            if (at >= 0) return command[..(at + name.Length)] + "<redacted>";
        }
        // ^NDISDUP=cid,1,"apn","user","pass"[,auth]: the APN may be shown, credentials not.
        var ndis = upper.IndexOf("^NDISDUP=", StringComparison.Ordinal);
        if (ndis >= 0)
        {
            var args = command[(ndis + "^NDISDUP=".Length)..];
            var commas = 0;
            var quoted = false;
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == '"') quoted = !quoted;
                else if (args[i] == ',' && !quoted && ++commas == 3)
                    return command[..(ndis + "^NDISDUP=".Length + i + 1)] + "<redacted>";
            }
        }
        return command;
    }
}
