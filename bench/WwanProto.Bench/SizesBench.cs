using System.Diagnostics;

namespace WwanProto.Bench;

/// <summary>
/// `sizes`: where the bytes of the AOT binary go, from the ILCompiler's own statistics (mstat). Publishes
/// once with `-p:IlcGenerateMstatFile=true` (into out/size, so `make publish`'s output is left alone) unless
/// $WWAN_MSTAT names an mstat file, then prints totals per part of the image, per assembly, per namespace
/// and the largest types and methods. Generic instantiations count under their definition.
/// </summary>
public static class SizesBench
{
    private const int Top = 25;

    public static async Task<int> RunAsync(string[] args)
    {
        var mstat = Environment.GetEnvironmentVariable("WWAN_MSTAT") is { Length: > 0 } given ? given : await PublishAsync();
        if (mstat is null) return 1;
        var items = MstatReader.Read(mstat);
        Console.Out.WriteLine($"mstat: {mstat}; all figures in bytes (methods: code + GC info + EH info)");

        // Since format 2.1 the frozen objects and RVA field data are listed on their own and again as one blob each;
        // count them once. Types are method tables at their size in memory: in the file they are compressed into the
        // DehydratedData blob, which the runtime expands at start into the .hydrated section (resident, see `memory`).
        items = items.Where(i => i.Kind != "Blobs" || i.Type is not ("ArrayOfFrozenObjects" or "FieldRvaData")).ToList();
        Table("part of the image (Types: in memory; their file form is the DehydratedData blob)", items.GroupBy(i => i.Kind));
        Table("assembly", items.Where(i => i.Kind != "Blobs").GroupBy(i => i.Assembly));
        Table("namespace (assembly)", items.Where(i => i.Kind != "Blobs").GroupBy(i => $"{i.Namespace} ({i.Assembly})"), Top);
        Table("type (methods and method tables)", items.Where(i => i.Kind is "Methods" or "Types").GroupBy(i => $"{i.Namespace}.{i.Type}"), Top);
        Table("method", items.Where(i => i.Kind == "Methods").GroupBy(i => $"{i.Namespace}.{i.Type}::{i.Member}"), Top);
        Table("runtime blob", items.Where(i => i.Kind == "Blobs").GroupBy(i => i.Type), 10);
        return 0;
    }

    private static void Table(string title, IEnumerable<IGrouping<string, SizedItem>> groups, int top = int.MaxValue)
    {
        var rows = groups.Select(g => (Name: g.Key, Bytes: g.Sum(i => i.Bytes), Count: g.Count())).OrderByDescending(r => r.Bytes).ToList();
        var total = rows.Sum(r => r.Bytes);
        Console.Out.WriteLine();
        Console.Out.WriteLine($"{"by " + title,-88} {"bytes",10} {"share",6} {"items",6}");
        foreach (var (name, bytes, count) in rows.Take(top))
            Console.Out.WriteLine($"  {Clip(name, 86),-86} {bytes,10:N0} {100.0 * bytes / total,5:0.0}% {count,6}");
        if (rows.Count > top) Console.Out.WriteLine($"  {$"({rows.Count - top} more)",-86} {rows.Skip(top).Sum(r => r.Bytes),10:N0}");
    }

    private static string Clip(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "…";

    /// <summary>`dotnet publish` with the mstat switch into out/size; the path of the mstat it wrote.</summary>
    private static async Task<string?> PublishAsync()
    {
        var root = NetifdBench.RepoRoot();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
        foreach (var a in (string[])["publish", "proto/WwanProto/WwanProto.csproj", "-c", "Release", "-r", "linux-x64", "-nologo",
                     "-p:IlcGenerateMstatFile=true", "-p:NativeIntermediateOutputPath=" + Path.Combine(root, "out", "size", "obj") + "/",
                     "-o", Path.Combine(root, "out", "size")])
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        var mstat = Path.Combine(root, "out", "size", "obj", "huaweiwwan.mstat");
        if (p.ExitCode == 0 && File.Exists(mstat)) return mstat;
        Console.Error.WriteLine($"sizes: publish with -p:IlcGenerateMstatFile=true failed ({p.ExitCode}) or wrote no {mstat}");
        return null;
    }
}
