using System.Globalization;
using System.Text;

namespace WwanProto.Core.HiLink;

/// <summary>
/// Reads the XML of the HiLink web API: an optional declaration, one root (&lt;response&gt; or &lt;error&gt;),
/// elements with text, the five named entities and character references, comments and CDATA. DOCTYPE is
/// refused (no entity expansion, like XmlReader with DtdProcessing.Prohibit). Why not System.Xml: this
/// little grammar costs a few KB in the AOT binary instead of the hundreds System.Xml adds (README size table).
/// Bounded: depth <see cref="MaxDepth"/>, <see cref="MaxElements"/> elements, so a hostile answer cannot blow the stack or heap.
/// </summary>
public static class FlatXmlReader
{
    public const int MaxDepth = 16;
    public const int MaxElements = 4096;

    public static XmlNode Parse(string text)
    {
        var r = new Cursor(text);
        if (r.Peek() == '\uFEFF') r.Pos++;
        r.SkipMisc();
        if (r.StartsWith("<?xml"))
        {
            r.SkipPast("?>", "the XML declaration");
            r.SkipMisc();
        }
        if (r.StartsWith("<!DOCTYPE")) throw r.Fail("a DOCTYPE (not accepted)");
        if (r.Peek() != '<') throw r.Fail("text before the root element");
        var root = ReadElement(ref r, 1);
        r.SkipMisc();
        if (!r.AtEnd) throw r.Fail("content after the root element");
        return root;
    }

    private static XmlNode ReadElement(ref Cursor r, int depth)
    {
        if (depth > MaxDepth) throw r.Fail($"elements nested deeper than {MaxDepth}");
        if (++r.Elements > MaxElements) throw r.Fail($"more than {MaxElements} elements");
        r.Expect('<');
        var node = new XmlNode(r.ReadName());
        SkipAttributes(ref r);
        if (r.StartsWith("/>")) { r.Pos += 2; return node; }
        r.Expect('>');
        var text = new StringBuilder();
        while (true)
        {
            if (r.AtEnd) throw r.Fail($"end of input inside <{node.Name}>");
            if (r.StartsWith("</"))
            {
                r.Pos += 2;
                var close = r.ReadName();
                if (close != node.Name) throw r.Fail($"</{close}> closes <{node.Name}>");
                r.SkipWhitespace();
                r.Expect('>');
                node.Text = text.ToString();
                return node;
            }
            if (r.StartsWith("<!--")) { r.SkipPast("-->", "a comment"); continue; }
            if (r.StartsWith("<![CDATA["))
            {
                r.Pos += 9;
                var end = r.IndexOf("]]>") ?? throw r.Fail("an unterminated CDATA section");
                text.Append(r.Text, r.Pos, end - r.Pos);
                r.Pos = end + 3;
                continue;
            }
            if (r.StartsWith("<?")) { r.SkipPast("?>", "a processing instruction"); continue; }
            if (r.Peek() == '<') { node.Children.Add(ReadElement(ref r, depth + 1)); continue; }
            if (r.Peek() == '&') { AppendEntity(ref r, text); continue; }
            text.Append(r.Text[r.Pos++]);
        }
    }

    private static void SkipAttributes(ref Cursor r)
    {
        while (true)
        {
            r.SkipWhitespace();
            var c = r.Peek();
            if (c is '>' or '/' or '\0') return;
            r.ReadName();
            r.SkipWhitespace();
            r.Expect('=');
            r.SkipWhitespace();
            var quote = r.Peek();
            if (quote is not ('"' or '\'')) throw r.Fail("an attribute value without quotes");
            r.Pos++;
            var end = r.Text.IndexOf(quote, r.Pos);
            if (end < 0) throw r.Fail("an unterminated attribute value");
            r.Pos = end + 1;
        }
    }

    private static void AppendEntity(ref Cursor r, StringBuilder text)
    {
        var semi = r.Text.IndexOf(';', r.Pos);
        if (semi < 0 || semi - r.Pos > 12) throw r.Fail("an '&' that starts no entity");
        var name = r.Text.AsSpan(r.Pos + 1, semi - r.Pos - 1);
        switch (name)
        {
            case "lt": text.Append('<'); break;
            case "gt": text.Append('>'); break;
            case "amp": text.Append('&'); break;
            case "quot": text.Append('"'); break;
            case "apos": text.Append('\''); break;
            default:
                var hex = name.StartsWith("#x") || name.StartsWith("#X");
                if (name.Length < 2 || name[0] != '#' ||
                    !int.TryParse(name[(hex ? 2 : 1)..], hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code) ||
                    code is 0 or > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
                    throw r.Fail($"the unknown entity &{name};");
                text.Append(char.ConvertFromUtf32(code));
                break;
        }
        r.Pos = semi + 1;
    }

    private struct Cursor(string text)
    {
        public readonly string Text = text;
        public int Pos;
        public int Elements;

        public readonly bool AtEnd => Pos >= Text.Length;
        public readonly char Peek() => Pos < Text.Length ? Text[Pos] : '\0';
        public readonly bool StartsWith(string s) => Text.AsSpan(Pos).StartsWith(s, StringComparison.Ordinal);
        public readonly int? IndexOf(string s) { var i = Text.IndexOf(s, Pos, StringComparison.Ordinal); return i < 0 ? null : i; }

        public void Expect(char c)
        {
            if (Peek() != c) throw Fail($"'{(AtEnd ? "end of input" : Text[Pos].ToString())}' where '{c}' belongs");
            Pos++;
        }

        public string ReadName()
        {
            var start = Pos;
            while (Pos < Text.Length && (char.IsLetterOrDigit(Text[Pos]) || Text[Pos] is '_' or '-' or '.' or ':')) Pos++;
            if (Pos == start) throw Fail("a missing element or attribute name");
            return Text[start..Pos];
        }

        public void SkipWhitespace()
        {
            while (Pos < Text.Length && Text[Pos] is ' ' or '\t' or '\r' or '\n') Pos++;
        }

        /// <summary>Whitespace and comments between the declaration, the root and the end.</summary>
        public void SkipMisc()
        {
            while (true)
            {
                SkipWhitespace();
                if (StartsWith("<!--")) SkipPast("-->", "a comment");
                else return;
            }
        }

        public void SkipPast(string end, string what)
        {
            var i = Text.IndexOf(end, Pos, StringComparison.Ordinal);
            if (i < 0) throw Fail($"an unterminated {what}");
            Pos = i + end.Length;
        }

        public readonly HiLinkXmlException Fail(string what) =>
            new($"not the web API's XML: {what} at character {Pos}");
    }
}
