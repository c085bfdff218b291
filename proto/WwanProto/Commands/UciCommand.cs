using WwanProto.Uci.Cli;

namespace WwanProto.Commands;

/// <summary>`huaweiwwan uci ...`: OpenWrt's uci command line, same arguments, output and exit codes.</summary>
public static class UciCommand
{
    public static int Run(string[] args)
    {
        using var stdin = Console.OpenStandardInput();
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        return UciCli.Run(args, stdin, stdout, stderr);
    }
}
