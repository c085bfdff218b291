using WwanProto.Commands;

namespace WwanProto;

/// <summary>One binary, many roles: the first argument picks the role (see DESIGN.md, "Roles of the binary").</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Usage(Console.Out);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] is "--version" or "version")
        {
            return VersionCommand.Run(args[1..]);
        }
        if (!Verbs.TryGetValue(args[0], out var verb))
        {
            Console.Error.WriteLine($"huaweiwwan: unknown command '{args[0]}' (try --help)");
            return 2;
        }
        try
        {
            return verb.Run(args[1..]);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"huaweiwwan {args[0]}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Last resort for a file error a role did not handle: one line in words (the AOT build has no .NET texts).
            Console.Error.WriteLine($"huaweiwwan {args[0]}: {Core.IoErrorText.Of(e)}");
            return 1;
        }
    }

    /// <summary>Each role lives in Commands/; one line here registers it.</summary>
    private static readonly Dictionary<string, Verb> Verbs = new(StringComparer.Ordinal)
    {
        ["version"] = new("print the version", VersionCommand.Run),
        ["chat"] = new("dial on the modem port for pppd (its connect command)", ChatCommand.Run),
        ["netifd"] = new("protocol handler for OpenWrt netifd (dump, setup, teardown)", NetifdCommand.Run),
        ["session"] = new("run one interface's connection under netifd (its proto task)", SessionCommand.Run),
        ["ppp-up"] = new("pppd's ip-up hook under netifd: report the PPP link up", PppUpCommand.Run),
        ["ppp6-up"] = new("pppd's ipv6-up hook under netifd: report IPv6, add the dhcpv6 child", Ppp6UpCommand.Run),
        ["ppp-down"] = new("pppd's ip-down hook under netifd: report the PPP link lost", PppDownCommand.Run),
        ["up"] = new("bring a link up and keep it up, configuring the interface (standalone; --help)", UpCommand.Run),
        ["down"] = new("stop a running 'up' (standalone)", DownCommand.Run),
        ["status"] = new("show the state of a running 'up' (standalone; --json)", StatusCommand.Run),
        ["sms"] = new("list, read, send and delete text messages through a running session (--help)", SmsCommand.Run),
        ["ussd"] = new("send a USSD code (*100#) through a running session and show the answer", UssdCommand.Run),
        ["config"] = new("check, set up or import the UCI configuration of a huaweiwwan interface", ConfigCommand.Run),
        ["uci"] = new("OpenWrt's uci command line (same arguments and output)", UciCommand.Run),
        ["probe"] = new("list modems with kind, identity and port roles (--json)", ProbeCommand.Run),
        ["modeswitch"] = new("switch storage-mode sticks to stick or HiLink mode", ModeswitchCommand.Run),
        ["hotplug"] = new("handle an /etc/hotplug.d event (usb, tty, usbmisc, net)", HotplugCommand.Run),
        ["ubus-status"] = new("status of every huaweiwwan interface for LuCI (rpcd; from netifd while pppd runs)", UbusStatusCommand.Run),
        ["schema"] = new("print the interface option schema (--json for tools)", SchemaCommand.Run),
    };

    private static void Usage(TextWriter w)
    {
        w.WriteLine("usage: huaweiwwan <command> [arguments]");
        w.WriteLine();
        foreach (var (name, verb) in Verbs.OrderBy(v => v.Key, StringComparer.Ordinal))
            w.WriteLine($"  {name,-12} {verb.Summary}");
    }
}

/// <summary>A role of the binary: a one-line summary for --help and its entry point (exit code out).</summary>
public sealed record Verb(string Summary, Func<string[], int> Run);

/// <summary>Bad command-line arguments: printed with the verb's name, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
