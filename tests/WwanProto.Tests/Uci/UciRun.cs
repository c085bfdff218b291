using System.Text;
using WwanProto.Uci.Cli;

namespace WwanProto.Tests.Uci;

/// <summary>Runs the uci CLI in-process with stdout and stderr merged, as a shell pipe `2>&amp;1` would see them.</summary>
internal static class UciRun
{
    public static (int Exit, string Output) Run(string confDir, string saveDir, string? stdin, params string[] args)
    {
        var all = new List<string> { "-c", confDir, "-t", saveDir };
        all.AddRange(args);
        return Raw(stdin, all.ToArray());
    }

    public static (int Exit, string Output) Raw(string? stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin is null ? [] : Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        int rc = UciCli.Run(args, input, output, output);
        return (rc, Encoding.UTF8.GetString(output.ToArray()));
    }
}
