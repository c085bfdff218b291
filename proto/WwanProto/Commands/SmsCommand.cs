using System.Text.Json;
using WwanProto.Core.Sms;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan sms list|read ID|send NUMBER TEXT|delete ID [--iface NAME] [--json]`: the messages of a running
/// session (under netifd through its ubus object, standalone through `up`'s socket). See <see cref="Help"/>.
/// </summary>
public static class SmsCommand
{
    private const string Help = """
        usage: huaweiwwan sms list [--iface NAME] [--json]
               huaweiwwan sms read ID [--iface NAME] [--json]
               huaweiwwan sms send NUMBER TEXT [--report] [--iface NAME] [--json]
               huaweiwwan sms delete ID [--iface NAME] [--json]

        Text messages on the modem of a running session: under OpenWrt the session netifd runs
        (ubus huaweiwwan.IFACE), standalone the one `huaweiwwan up` runs. IDs are storage:index as listed
        (SM:3 on the SIM, ME:0 in the modem; a bare number is the SIM's). A long text is sent as concatenated
        parts. --report asks the network for a delivery report (it shows in the log). --json prints the answer
        as the ubus method gives it.
        exit status: 0 done, 1 failed (the message says what the modem answered), 2 usage
        """;

    public static int Run(string[] args)
    {
        var (rest, iface, json) = MessagingCli.Options(args, ["--report"], out var flags);
        if (rest.Count == 0 || rest[0] is "-h" or "--help")
        {
            Console.Out.Write(Help);
            return rest.Count == 0 ? 2 : 0;
        }
        var (method, arguments) = rest[0] switch
        {
            "list" when rest.Count == 1 => ("sms_list", MessagingTarget.Args()),
            "read" when rest.Count == 2 => ("sms_read", MessagingTarget.Args(("id", rest[1]))),
            "delete" when rest.Count == 2 => ("sms_delete", MessagingTarget.Args(("id", rest[1]))),
            "send" when rest.Count == 3 => ("sms_send", MessagingTarget.Args(("to", rest[1]), ("text", rest[2]), ("report", flags.Contains("--report") ? true : null))),
            _ => throw new UsageException($"'{string.Join(' ', rest)}' is not a sms command (try --help)"),
        };
        return MessagingCli.Call(method, arguments, iface, json, data => Print(rest[0], data));
    }

    private static void Print(string verb, JsonElement data)
    {
        var w = Console.Out;
        switch (verb)
        {
            case "list":
                var messages = data.GetProperty("messages");
                if (messages.GetArrayLength() == 0) w.WriteLine("no messages");
                foreach (var m in messages.EnumerateArray())
                    w.WriteLine($"{S(m, "id"),-6} {S(m, "status"),-7} {S(m, "address"),-16} {Time(m),-25} {OneLine(S(m, "text"))}{Parts(m)}");
                if (data.TryGetProperty("storage", out var storage))
                    foreach (var s in storage.EnumerateArray())
                        w.WriteLine($"storage {S(s, "name")}: {s.GetProperty("used").GetInt32()} of {s.GetProperty("total").GetInt32()} used{(s.GetProperty("full").GetBoolean() ? " (full: new messages are refused)" : "")}");
                break;
            case "read":
                w.WriteLine($"id:     {S(data, "id")} ({S(data, "status")})");
                w.WriteLine($"{(S(data, "kind") == "submit" ? "to:  " : "from:")}   {S(data, "address")}");
                if (Time(data).Length > 0) w.WriteLine($"time:   {Time(data)}");
                w.WriteLine($"parts:  {data.GetProperty("parts").GetInt32()}{(data.GetProperty("complete").GetBoolean() ? "" : " (some missing)")}");
                w.WriteLine();
                w.WriteLine(S(data, "text"));
                break;
            case "send":
                w.WriteLine($"sent to {S(data, "to")} in {data.GetProperty("parts").GetInt32()} part(s)");
                break;
            case "delete":
                w.WriteLine($"deleted {S(data, "deleted")}");
                break;
        }
    }

    private static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    private static string Time(JsonElement m) => S(m, "time").Replace('T', ' ');
    private static string OneLine(string text) => text.Replace("\r", "").Replace('\n', ' ');
    private static string Parts(JsonElement m) => m.TryGetProperty("complete", out var c) && !c.GetBoolean() ? $" [{m.GetProperty("parts").GetInt32()} parts, some missing]" : "";
}
