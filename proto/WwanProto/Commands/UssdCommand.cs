using System.Text.Json;

namespace WwanProto.Commands;

/// <summary>`huaweiwwan ussd CODE | --answer TEXT | --cancel [--iface NAME] [--json]`: a USSD dialogue through a running session.</summary>
public static class UssdCommand
{
    private const string Help = """
        usage: huaweiwwan ussd CODE [--iface NAME] [--json]          e.g. huaweiwwan ussd '*100#'
               huaweiwwan ussd --answer TEXT [--iface NAME] [--json] answer the network's menu
               huaweiwwan ussd --cancel [--iface NAME]                end the dialogue

        Sends a USSD code through the modem of a running session (netifd's or `huaweiwwan up`'s) and prints the
        network's answer. When the network shows a menu and waits, answer with --answer or end it with --cancel.
        exit status: 0 answered, 1 failed, 2 usage
        """;

    public static int Run(string[] args)
    {
        var (rest, iface, json) = MessagingCli.Options(args, ["--cancel"], out var flags, valued: ["--answer"]);
        if (rest is ["-h" or "--help"] || (rest.Count == 0 && !flags.Contains("--cancel") && !flags.Contains("--answer")))
        {
            Console.Out.Write(Help);
            return rest.Count == 0 && args.Length == 0 ? 2 : 0;
        }
        string arguments;
        if (flags.Contains("--cancel") && rest.Count == 0) arguments = MessagingTarget.Args(("cancel", true));
        else if (MessagingCli.Value("--answer") is { } answer && rest.Count == 0) arguments = MessagingTarget.Args(("answer", answer));
        else if (rest.Count == 1 && !flags.Contains("--cancel")) arguments = MessagingTarget.Args(("code", rest[0]));
        else throw new UsageException("give one code, --answer TEXT or --cancel (try --help)");
        return MessagingCli.Call("ussd", arguments, iface, json, Print);
    }

    private static void Print(JsonElement data)
    {
        var status = data.GetProperty("status").GetString();
        if (data.TryGetProperty("text", out var text)) Console.Out.WriteLine(text.GetString());
        else Console.Out.WriteLine(status == "cancelled" ? "USSD dialogue ended" : $"USSD: {status}");
        if (status == "open")
            Console.Out.WriteLine("(the stick keeps the USSD dialogue open: answer a menu with huaweiwwan ussd --answer TEXT, end it with --cancel)");
        else if (data.GetProperty("expects_answer").GetBoolean())
            Console.Out.WriteLine("(the network waits for an answer: huaweiwwan ussd --answer TEXT, or --cancel)");
    }
}
