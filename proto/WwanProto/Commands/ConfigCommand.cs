using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Setup;
using WwanProto.Core.Usb;
using WwanProto.Uci;

namespace WwanProto.Commands;

/// <summary>`huaweiwwan config check|setup|import`: validate and write `proto huaweiwwan` UCI configuration.</summary>
public static class ConfigCommand
{
    private const string Help = """
        usage: huaweiwwan config check [IFACE] [-c CONFDIR] [--no-device]
               huaweiwwan config setup [--iface NAME] [--OPTION VALUE ...] [--zone NAME | --no-firewall] [--dry-run] [-c CONFDIR]
               huaweiwwan config import FILE [--iface NAME] [--dialer NAME] [--zone NAME | --no-firewall] [--dry-run] [-c CONFDIR]

        check   Validates the proto huaweiwwan interfaces of CONFDIR/network (default /etc/config, pending
                uci changes included) against the option schema: unknown options, wrong types, bad APN,
                PIN or dial strings, and a device that matches no modem or several (--no-device skips that).
                Prints one line per finding: "network.IFACE: CODE: message", CODE being OK, NOTE or an
                error code (UNKNOWN_OPTION, INVALID_<OPTION>, NO_DEVICE, AMBIGUOUS_DEVICE, NO_INTERFACE,
                WRONG_PROTO, UCI_ERROR).
        setup   Writes interface NAME (default wan) with proto huaweiwwan and the given options
                (--apn, --pincode or --pin, --device, --username, --password, --auth, --pdptype, --mode,
                --linktype, --dialnumber, --profile ... any option of the schema; "" deletes one). Without
                --device the only modem present is detected and its USB path stored. Options that are not
                huaweiwwan options are removed. "--pincode -" or "--password -" reads the value from
                standard input, keeping it off the command line. Adds NAME to firewall zone 'wan' (or --zone) when
                CONFDIR/firewall exists. Prints the changes as uci batch lines; --dry-run writes nothing.
        import  Maps a wvdial.conf ([Dialer Defaults] + --dialer NAME) or a NetworkManager gsm keyfile to
                options (Modem, Phone, Username, Password, Init +CGDCONT/+CPIN/+COPS; apn, number,
                username, password, pin ...), reports what it could not map, then writes like setup.
                --dry-run prints the uci batch it would apply.

        PIN and password values are never printed (shown as ********).
        exit status: 0 ok, 1 invalid configuration or nothing written, 2 usage error
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Help + "\n");
            return args.Length == 0 ? 2 : 0;
        }
        return args[0] switch
        {
            "check" => Check(args[1..]),
            "setup" => Setup(args[1..], null),
            "import" => Import(args[1..]),
            _ => throw new UsageException($"unknown subcommand '{args[0]}' (check, setup, import; --help)"),
        };
    }

    private static Func<UsbTree> UsbTreeLoader() => () => UsbTree.Load(SystemPaths.FromEnvironment());

    private static int Check(string[] args)
    {
        string confDir = UciContext.DefaultConfDir;
        string? iface = null;
        bool device = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-c":
                    confDir = Value(args, ref i);
                    break;
                case "--no-device":
                    device = false;
                    break;
                default:
                    if (args[i].StartsWith('-') || iface is not null)
                        throw new UsageException($"check: unexpected argument '{args[i]}'");
                    iface = args[i];
                    break;
            }
        }
        var uci = new UciContext { ConfDir = confDir };
        List<ConfigFinding> findings;
        try
        {
            var paths = SystemPaths.FromEnvironment();
            var imeiLookup = device ? new AtImeiLookup(paths, new AtPortProbe(paths.LockDir), TimeSpan.FromSeconds(3)) : null;
            findings = new ConfigChecker(uci, device ? UsbTreeLoader() : null, imeiLookup).Check(iface);
        }
        catch (UciException e)
        {
            Console.Out.WriteLine($"network.{iface ?? "*"}: UCI_ERROR: {confDir}/network: {uci.Describe(e.Error)}");
            return 1;
        }
        foreach (var f in findings)
            Console.Out.WriteLine(f.ToString());
        return findings.Any(f => f.IsError) ? 1 : 0;
    }

    private static int Import(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            throw new UsageException("import: expected a file (wvdial.conf or a NetworkManager keyfile)");
        var file = args[0];
        string? dialer = null;
        var rest = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--dialer")
                dialer = Value(args, ref i);
            else
                rest.Add(args[i]);
        }
        string text;
        try
        {
            text = BoundedFile.ReadAllText(file, BoundedFile.ConfigLimit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"huaweiwwan config import: {IoErrorText.Of(e, file)}");
            return 1;
        }
        ImportResult imported;
        if (WvdialImport.Looks(text))
            imported = WvdialImport.Parse(text, dialer);
        else if (NetworkManagerImport.Looks(text))
            imported = NetworkManagerImport.Parse(text);
        else
        {
            Console.Error.WriteLine($"huaweiwwan config import: {file}: neither a wvdial.conf ([Dialer ...]) nor a NetworkManager keyfile ([gsm])");
            return 1;
        }
        foreach (var u in imported.Unmapped)
            Console.Out.WriteLine("# not mapped: " + u);
        foreach (var e in imported.Errors)
            Console.Error.WriteLine($"huaweiwwan config import: {file}: {e}");
        if (imported.Errors.Count > 0)
            return 1;
        return Setup(rest.ToArray(), imported.Options);
    }

    private static int Setup(string[] args, List<KeyValuePair<string, string>>? preset)
    {
        string confDir = UciContext.DefaultConfDir, iface = "wan";
        string? zone = "wan";
        bool dryRun = false;
        var options = new List<KeyValuePair<string, string>>(preset ?? []);
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "-c":
                    confDir = Value(args, ref i);
                    break;
                case "--iface":
                    iface = Value(args, ref i);
                    break;
                case "--zone":
                    zone = Value(args, ref i);
                    break;
                case "--no-firewall":
                    zone = null;
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                default:
                    if (!a.StartsWith("--", StringComparison.Ordinal))
                        throw new UsageException($"unexpected argument '{a}'");
                    var name = a[2..] == "pin" ? "pincode" : a[2..];
                    if (OptionSchema.Find(name) is null || name == "proto")
                        throw new UsageException($"unknown option '{a}' (see --help; options are those of the huaweiwwan schema)");
                    var value = Value(args, ref i);
                    if (value == "-" && OptionSchema.Find(name)!.Secret)
                        value = Console.In.ReadLine() ?? throw new UsageException($"{a} -: no line on standard input");
                    options.RemoveAll(o => o.Key == name);
                    options.Add(new(name, value));
                    break;
            }
        }

        var result = new InterfaceSetup(confDir, UsbTreeLoader()).Run(iface, options, zone, dryRun);
        foreach (var n in result.Notes)
            Console.Out.WriteLine("# " + n);
        foreach (var e in result.Errors)
            Console.Error.WriteLine("huaweiwwan config: " + e);
        if (!result.Ok)
            return 1;
        if (dryRun)
            Console.Out.WriteLine("# dry run: nothing written; these changes would be applied:");
        foreach (var line in result.Batch)
            Console.Out.WriteLine(line);
        if (dryRun && result.Batch.Count > 0)
        {
            Console.Out.WriteLine("commit network");
            if (result.Batch.Any(b => b.Contains(" firewall.", StringComparison.Ordinal)))
                Console.Out.WriteLine("commit firewall");
        }
        return 0;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
            throw new UsageException($"{args[i]} needs a value");
        return args[++i];
    }
}
