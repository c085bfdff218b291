using WwanProto.Core.Config;

namespace WwanProto.Commands;

/// <summary>`huaweiwwan schema [--json]`: the option schema (the one netifd's dump, validation and LuCI share).</summary>
public static class SchemaCommand
{
    public static int Run(string[] args)
    {
        var json = false;
        foreach (var a in args)
        {
            if (a == "--json") json = true;
            else throw new UsageException($"unknown argument '{a}' (usage: huaweiwwan schema [--json])");
        }
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            SchemaJson.Write(stdout, indented: true);
            stdout.WriteByte((byte)'\n');
            return 0;
        }
        foreach (var o in OptionSchema.All)
        {
            var extra = o.Choices is { } c ? $" ({string.Join('|', c)})" : "";
            var def = o.Default is { } d ? $" [default {d}]" : "";
            Console.Out.WriteLine($"{o.Name,-14} {o.Label}{extra}{def}");
            Console.Out.WriteLine($"{"",-14} {o.Description}");
        }
        return 0;
    }
}
