using System.Text.Json;
using WwanProto.Core.Sms;

namespace WwanProto.Commands;

/// <summary>What `sms` and `ussd` share: --iface/--json parsing, the call, and printing the answer or the error.</summary>
internal static class MessagingCli
{
    private static readonly Dictionary<string, string> Values = [];

    /// <summary>Splits off --iface NAME, --json, the given flags and valued options; the rest are the verb's words.</summary>
    public static (List<string> Words, string? Iface, bool Json) Options(string[] args, string[] flagNames, out HashSet<string> flags, string[]? valued = null)
    {
        var rest = new List<string>();
        string? iface = null;
        var json = false;
        flags = [];
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--iface") iface = i + 1 < args.Length ? args[++i] : throw new UsageException("--iface needs a value");
            else if (a == "--json") json = true;
            else if (Array.IndexOf(flagNames, a) >= 0) flags.Add(a);
            else if (valued is not null && Array.IndexOf(valued, a) >= 0)
            {
                Values[a] = i + 1 < args.Length ? args[++i] : throw new UsageException($"{a} needs a value");
                flags.Add(a);
            }
            else if (a.StartsWith("--", StringComparison.Ordinal) && a != "--help") throw new UsageException($"unknown option '{a}'");
            else rest.Add(a);
        }
        if (iface is not null && (iface.Length == 0 || !iface.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
            throw new UsageException($"--iface '{iface}': letters, digits and _ only");
        return (rest, iface, json);
    }

    public static string? Value(string name) => Values.GetValueOrDefault(name);

    /// <summary>Calls the session; prints the data (JSON or through <paramref name="print"/>) and returns the exit status.</summary>
    public static int Call(string method, string arguments, string? iface, bool json, Action<JsonElement> print)
    {
        try
        {
            var target = MessagingTarget.FindAsync(iface, CancellationToken.None).GetAwaiter().GetResult();
            var (status, data) = target.CallAsync(method, arguments, CancellationToken.None).GetAwaiter().GetResult();
            if (status != "OK")
            {
                var error = data.TryGetProperty("error", out var e) ? e.GetString() : status;
                if (json) Console.Out.WriteLine(data.GetRawText());
                Console.Error.WriteLine($"huaweiwwan: {error}");
                return 1;
            }
            if (json) Console.Out.WriteLine(JsonSerializerIndented(data));
            else print(data);
            return 0;
        }
        catch (MessagingException e)
        {
            if (json) Console.Out.WriteLine(MessagingTarget.ErrorJson(e.Message));
            Console.Error.WriteLine($"huaweiwwan: {e.Message}");
            return 1;
        }
    }

    private static string JsonSerializerIndented(JsonElement data)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            data.WriteTo(j);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
