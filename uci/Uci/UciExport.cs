using System.Text;

namespace WwanProto.Uci;

/// <summary>The canonical file form libuci writes on export and commit (uci_export).</summary>
public static class UciExport
{
    /// <summary>
    /// "package NAME" (if header), then per section a blank line, "config TYPE ['NAME']", and
    /// tab-indented option/list lines with single-quoted values; one final newline.
    /// </summary>
    public static string Write(UciPackage p, bool header, bool nameAnonymous)
    {
        var sb = new StringBuilder();
        if (header)
            sb.Append("package ").Append(UciText.Escape(p.Name)).Append('\n');
        foreach (var s in p.Sections)
        {
            sb.Append("\nconfig ").Append(UciText.Escape(s.Type));
            if (!s.Anonymous || nameAnonymous)
                sb.Append(" '").Append(UciText.Escape(s.Name)).Append('\'');
            sb.Append('\n');
            foreach (var o in s.Options)
            {
                if (o.IsList)
                {
                    foreach (var item in o.Items!)
                        sb.Append("\tlist ").Append(UciText.Escape(o.Name)).Append(" '").Append(UciText.Escape(item)).Append("'\n");
                }
                else
                {
                    sb.Append("\toption ").Append(UciText.Escape(o.Name)).Append(" '").Append(UciText.Escape(o.Value!)).Append("'\n");
                }
            }
        }
        sb.Append('\n');
        return sb.ToString();
    }

    public static byte[] Bytes(string s) => Encoding.Latin1.GetBytes(s);
}
