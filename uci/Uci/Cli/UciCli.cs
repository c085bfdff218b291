namespace WwanProto.Uci.Cli;

/// <summary>
/// OpenWrt's `uci` command line (cli.c): same options, commands, output, error texts and exit codes.
/// Arguments and I/O are bytes; strings here hold one byte per char.
/// </summary>
public sealed partial class UciCli
{
    private const string AppName = "uci";
    private const int MaxArgs = 4;

    private readonly UciContext _ctx = new();
    private readonly ByteWriter _out;
    private readonly ByteWriter _err;
    private ByteInput _input;
    private bool _merge, _quiet, _noCommit, _batch, _showExt = true;
    private string _delimiter = " ";

    private enum Cmd { Get, Set, AddList, DelList, Del, Rename, Revert, Reorder, Show, Changes, Export, Commit, Add, Import, Help }

    private UciCli(Stream stdin, Stream stdout, Stream stderr)
    {
        _out = new ByteWriter(stdout, buffered: true);
        _err = new ByteWriter(stderr, buffered: false);
        _input = new ByteInput(stdin);
        _ctx.ErrorSink = _err.Write;
    }

    /// <summary>Run `uci ARGS` (args as .NET strings, converted to their UTF-8 bytes); returns the exit code.</summary>
    public static int Run(string[] args, Stream stdin, Stream stdout, Stream stderr)
    {
        var cli = new UciCli(stdin, stdout, stderr);
        try
        {
            return cli.Main(Array.ConvertAll(args, UciText.FromUnicode));
        }
        finally
        {
            cli._out.Flush();
        }
    }

    private int Main(string[] argv)
    {
        var opts = new GetOpt(argv, "c:C:d:f:LmnNp:P:qsSt:X", AppName, _err.Write);
        bool haveInputFile = false;
        int c;
        while ((c = opts.Next(out var arg)) != -1)
        {
            switch (c)
            {
                case 'c':
                    _ctx.ConfDir = UciText.ToUnicode(arg!);
                    break;
                case 'C':
                    _ctx.Conf2Dir = arg!.Length == 0 ? null : UciText.ToUnicode(arg);
                    break;
                case 'd':
                    _delimiter = arg!;
                    break;
                case 'f':
                    if (haveInputFile)
                    {
                        CliError("Too many input files.\n");
                        return 1;
                    }
                    try
                    {
                        _input = new ByteInput(File.OpenRead(UciText.ToUnicode(arg!)));
                        haveInputFile = true;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        CliError("uci: " + (e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory"
                            : e is UnauthorizedAccessException ? "Permission denied" : "Input/output error"));
                        return 1;
                    }
                    break;
                case 'm':
                    _merge = true;
                    break;
                case 's':
                    _ctx.Strict = true;
                    break;
                case 'S':
                    _ctx.Strict = false;
                    _ctx.PrintParseErrors = true;
                    break;
                case 'n':
                    _ctx.ExportNames = true;
                    break;
                case 'N':
                    _ctx.ExportNames = false;
                    break;
                case 'p':
                    try
                    {
                        _ctx.AddDeltaPath(UciText.ToUnicode(arg!));
                    }
                    catch (UciException)
                    {
                        // uci ignores a duplicate delta path.
                    }
                    break;
                case 'P':
                    _ctx.SetSaveDir(UciText.ToUnicode(arg!));
                    _noCommit = true;
                    break;
                case 'q':
                    _quiet = true;
                    break;
                case 't':
                    _ctx.SetSaveDir(UciText.ToUnicode(arg!));
                    break;
                case 'X':
                    _showExt = false;
                    break;
                default:
                    Usage();
                    return 0;
            }
        }
        var rest = opts.Operands;
        if (rest.Count < 1)
        {
            Usage();
            return 0;
        }
        int ret = Command(rest);
        if (ret == 255)
            Usage();
        return ret;
    }

    private void Usage()
    {
        _err.Write(
            "Usage: " + AppName + " [<options>] <command> [<arguments>]\n\n" +
            "Commands:\n" +
            "\tbatch\n" +
            "\texport     [<config>]\n" +
            "\timport     [<config>]\n" +
            "\tchanges    [<config>]\n" +
            "\tcommit     [<config>]\n" +
            "\tadd        <config> <section-type>\n" +
            "\tadd_list   <config>.<section>.<option>=<string>\n" +
            "\tdel_list   <config>.<section>.<option>=<string>\n" +
            "\tshow       [<config>[.<section>[.<option>]]]\n" +
            "\tget        <config>.<section>[.<option>]\n" +
            "\tset        <config>.<section>[.<option>]=<value>\n" +
            "\tdelete     <config>[.<section>[[.<option>][=<id>]]]\n" +
            "\trename     <config>.<section>[.<option>]=<name>\n" +
            "\trevert     <config>[.<section>[.<option>]]\n" +
            "\treorder    <config>.<section>=<position>\n" +
            "\n" +
            "Options:\n" +
            "\t-c <path>  set the search path for config files (default: " + UciContext.DefaultConfDir + ")\n" +
            "\t-C <path>  set the search path for config override files (default: " + UciContext.DefaultConf2Dir + ")\n" +
            "\t-d <str>   set the delimiter for list values in uci show\n" +
            "\t-f <file>  use <file> as input instead of stdin\n" +
            "\t-m         when importing, merge data into an existing package\n" +
            "\t-n         name unnamed sections on export (default)\n" +
            "\t-N         don't name unnamed sections\n" +
            "\t-p <path>  add a search path for config change files\n" +
            "\t-P <path>  add a search path for config change files and use as default\n" +
            "\t-t <path>  set save path for config change files\n" +
            "\t-q         quiet mode (don't print error messages)\n" +
            "\t-s         force strict mode (stop on parser errors, default)\n" +
            "\t-S         disable strict mode\n" +
            "\t-X         do not use extended syntax on 'show'\n" +
            "\n");
    }

    private void CliPerror(UciError err)
    {
        if (!_quiet)
            _ctx.Perror(AppName, err);
    }

    private void CliError(string text)
    {
        if (!_quiet)
            _err.Write(text);
    }

    private int Command(List<string> argv)
    {
        var name = argv[0].ToLowerInvariant();
        if (name == "batch" && !_batch)
            return Batch();
        Cmd? cmd = name switch
        {
            "show" => Cmd.Show,
            "changes" => Cmd.Changes,
            "export" => Cmd.Export,
            "commit" => Cmd.Commit,
            "get" => Cmd.Get,
            "set" => Cmd.Set,
            "ren" or "rename" => Cmd.Rename,
            "revert" => Cmd.Revert,
            "reorder" => Cmd.Reorder,
            "del" or "delete" => Cmd.Del,
            "import" => Cmd.Import,
            "help" => Cmd.Help,
            "add" => Cmd.Add,
            "add_list" => Cmd.AddList,
            "del_list" => Cmd.DelList,
            _ => null,
        };
        switch (cmd)
        {
            case Cmd.AddList or Cmd.DelList or Cmd.Get or Cmd.Set or Cmd.Del or Cmd.Rename or Cmd.Revert or Cmd.Reorder:
                return SectionCommand(cmd.Value, argv);
            case Cmd.Show or Cmd.Export or Cmd.Commit or Cmd.Changes:
                return PackageCommands(cmd.Value, argv);
            case Cmd.Import:
                return Import(argv);
            case Cmd.Add:
                return Add(argv);
            case Cmd.Help:
                Usage();
                return 0;
            default:
                return 255;
        }
    }
}
