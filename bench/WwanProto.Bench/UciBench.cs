using System.Diagnostics;
using System.Text;
using WwanProto.Uci;

namespace WwanProto.Bench;

/// <summary>UCI library speed on configs of growing size: parse, canonical write, and a one-change commit.</summary>
public static class UciBench
{
    public static Task<int> Run(string[] args)
    {
        Console.Out.WriteLine($"{"sections",9} {"bytes",10} {"parse ms",9} {"write ms",9} {"set+commit ms",14}");
        foreach (var n in new[] { 10, 100, 1000, 5000 })
        {
            var text = Config(n);
            var bytes = Encoding.Latin1.GetBytes(text);
            var parse = Median(5, () =>
            {
                var ctx = new UciContext();
                UciPackage? p = null;
                ctx.Import(new ByteInput(new MemoryStream(bytes)), "network", ref p, single: true);
            });
            var ctx0 = new UciContext();
            UciPackage? pkg = null;
            ctx0.Import(new ByteInput(new MemoryStream(bytes)), "network", ref pkg, single: true);
            var write = Median(5, () => UciExport.Write(pkg!, header: false, nameAnonymous: false));
            var commit = Median(3, () => Commit(bytes));
            Console.Out.WriteLine($"{n,9} {bytes.Length,10} {parse,9:F2} {write,9:F2} {commit,14:F2}");
        }
        return Task.FromResult(0);
    }

    private static string Config(int sections)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < sections; i++)
        {
            sb.Append("\nconfig interface 'if").Append(i).Append("'\n\toption proto 'huaweiwwan'\n\toption apn 'internet'\n");
            sb.Append("\toption device '1-1.").Append(i % 9).Append("'\n\tlist dns '8.8.8.8'\n\tlist dns '1.1.1.1'\n");
        }
        return sb.Append('\n').ToString();
    }

    private static void Commit(byte[] bytes)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"wwan-uci-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "network"), bytes);
            var ctx = new UciContext { ConfDir = dir };
            ctx.UsePrivateSaveDir(Path.Combine(dir, ".save"));
            var ptr = ctx.LookupPtr("network.if0.apn=changed");
            ctx.Set(ptr);
            ctx.Save(ptr.P!);
            var p = ptr.P!;
            ctx.Commit(ref p, false);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Median(int runs, Action action)
    {
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
