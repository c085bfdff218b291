using System.Text;

namespace WwanProto.Core.HiLink;

/// <summary>Writes a web API request body: &lt;?xml ...?&gt;&lt;request&gt;...&lt;/request&gt;, values escaped.</summary>
public sealed class XmlRequest
{
    private readonly StringBuilder _text = new("<?xml version=\"1.0\" encoding=\"UTF-8\"?><request>");
    private readonly Stack<string> _open = new();

    public XmlRequest Add(string name, string? value)
    {
        _text.Append('<').Append(name).Append('>');
        foreach (var c in value ?? "")
            _ = c switch
            {
                '<' => _text.Append("&lt;"),
                '>' => _text.Append("&gt;"),
                '&' => _text.Append("&amp;"),
                '"' => _text.Append("&quot;"),
                '\'' => _text.Append("&apos;"),
                _ => _text.Append(c),
            };
        _text.Append("</").Append(name).Append('>');
        return this;
    }

    public XmlRequest Add(string name, int value) => Add(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public XmlRequest Open(string name)
    {
        _text.Append('<').Append(name).Append('>');
        _open.Push(name);
        return this;
    }

    public XmlRequest Close()
    {
        _text.Append("</").Append(_open.Pop()).Append('>');
        return this;
    }

    public override string ToString() => _text + "</request>";
}
