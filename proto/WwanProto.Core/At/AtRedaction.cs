namespace WwanProto.Core.At;

/// <summary>
/// The form of a command that may appear in messages and logs: the arguments of commands that carry a PIN,
/// PUK, NCK or password are replaced, so Describe() of a failed unlock never shows the secret.
/// </summary>
public static class AtRedaction
{
    private static readonly string[] SecretCommands = ["+CPIN=", "+CLCK=", "+CPWD=", "^CARDLOCK=", "^AUTHDATA=", "+CGAUTH=", "$QCPDPP="];

    public static string Redact(string command) =>
        KeptLength(command) is var kept and >= 0 ? command[..kept] + Redacted : command;

    public const string Redacted = "<redacted>";

    /// <summary>
    /// How much of <paramref name="command"/> may be shown before <see cref="Redacted"/>, or -1 when all of it may.
    /// Case-insensitive without an upper-case copy: callers redact every command of large imported files.
    /// </summary>
    public static int KeptLength(ReadOnlySpan<char> command)
    {
        foreach (var name in SecretCommands)
        {
            var at = command.IndexOf(name, StringComparison.OrdinalIgnoreCase);
            if (at >= 0) return at + name.Length;
        }
        // ^NDISDUP=cid,1,"apn","user","pass"[,auth]: the APN may be shown, credentials not.
        var ndis = command.IndexOf("^NDISDUP=", StringComparison.OrdinalIgnoreCase);
        if (ndis >= 0)
        {
            var args = command[(ndis + "^NDISDUP=".Length)..];
            var commas = 0;
            var quoted = false;
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == '"') quoted = !quoted;
                else if (args[i] == ',' && !quoted && ++commas == 3)
                    return ndis + "^NDISDUP=".Length + i + 1;
            }
        }
        return -1;
    }
}
