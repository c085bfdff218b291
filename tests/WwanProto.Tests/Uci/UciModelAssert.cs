using System.Text;
using WwanProto.Uci;
using Xunit;

namespace WwanProto.Tests.Uci;

/// <summary>Parsing helpers and a structural comparison of packages (names, types, anonymity, options, lists, order).</summary>
internal static class UciModelAssert
{
    public static UciPackage Parse(string text, string name = "p", bool strict = true)
    {
        var ctx = new UciContext { Strict = strict };
        UciPackage? p = null;
        ctx.Import(new ByteInput(new MemoryStream(Encoding.Latin1.GetBytes(text))), name, ref p, single: true);
        return p!;
    }

    public static string Describe(UciPackage p)
    {
        var sb = new StringBuilder();
        foreach (var s in p.Sections)
        {
            sb.Append("section ").Append(s.Name).Append(" type=").Append(s.Type).Append(s.Anonymous ? " anon" : "").Append('\n');
            foreach (var o in s.Options)
            {
                if (o.IsList)
                    foreach (var i in o.Items!)
                        sb.Append("  list ").Append(o.Name).Append('=').Append(Escape(i)).Append('\n');
                else
                    sb.Append("  option ").Append(o.Name).Append('=').Append(Escape(o.Value!)).Append('\n');
            }
        }
        return sb.ToString();
    }

    public static void Equal(UciPackage want, UciPackage got) => Assert.Equal(Describe(want), Describe(got));

    private static string Escape(string v) => v.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
}
