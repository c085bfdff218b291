using System.Text;
using WwanProto.Core.HiLink;
using Xunit;

namespace WwanProto.Tests.HiLink;

/// <summary>The web API's HTTP response parser, XML reader and login hash, from bytes as sticks send them.</summary>
public sealed class HiLinkParserTests
{
    private const string Status =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<response>\r\n<ConnectionStatus>901</ConnectionStatus>\r\n<SignalIcon>4</SignalIcon>\r\n" +
        "<WanIPAddress>10.47.112.9</WanIPAddress>\r\n<PrimaryDns></PrimaryDns>\r\n<CurrentNetworkTypeEx>101</CurrentNetworkTypeEx>\r\n</response>\r\n";

    [Fact]
    public void Reads_a_status_answer()
    {
        var root = FlatXmlReader.Parse(Status);
        Assert.Equal("response", root.Name);
        Assert.Equal(901, root.Int("ConnectionStatus"));
        Assert.Equal("10.47.112.9", root.Value("WanIPAddress"));
        Assert.Null(root.Value("PrimaryDns"));
        Assert.Null(root.Value("Missing"));
    }

    [Fact]
    public void Reads_errors_ok_entities_cdata_comments_and_nesting()
    {
        var error = FlatXmlReader.Parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?><error><code>125002</code><message/></error>");
        Assert.Equal("error", error.Name);
        Assert.Equal(125002, error.Int("code"));
        Assert.Equal("OK", FlatXmlReader.Parse("<response>OK</response>").Text);
        var text = FlatXmlReader.Parse("\uFEFF<!-- x --><response a='1' b=\"2\"><Name>A&amp;B &lt;&#65;&#x42;&gt; <![CDATA[<raw>]]></Name></response>");
        Assert.Equal("A&B <AB> <raw>", text.Value("Name"));
        var profiles = FlatXmlReader.Parse("<response><CurrentProfile>2</CurrentProfile><Profiles><Profile><Index>1</Index></Profile><Profile><Index>2</Index></Profile></Profiles></response>");
        Assert.Equal([1, 2], profiles.Child("Profiles")!.Children.Select(p => p.Int("Index")!.Value));
    }

    [Theory]
    [InlineData("", "text before the root element")]
    [InlineData("<!DOCTYPE x [<!ENTITY a \"b\">]><response/>", "DOCTYPE")]
    [InlineData("<response><a>1</b></response>", "</b> closes <a>")]
    [InlineData("<response><a>1</a>", "end of input inside <response>")]
    [InlineData("<response>&bogus;</response>", "unknown entity &bogus;")]
    [InlineData("<response></response><x/>", "content after the root element")]
    [InlineData("<response a=1></response>", "attribute value without quotes")]
    public void Refuses_what_is_not_the_api_xml_and_says_what(string xml, string what)
    {
        var e = Assert.Throws<HiLinkXmlException>(() => FlatXmlReader.Parse(xml));
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_deep_nesting_without_recursing_forever()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 10000)) + string.Concat(Enumerable.Repeat("</a>", 10000));
        var e = Assert.Throws<HiLinkXmlException>(() => FlatXmlReader.Parse(deep));
        Assert.Contains($"deeper than {FlatXmlReader.MaxDepth}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_with_content_length_waits_for_the_whole_body()
    {
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: SessionID=a; path=/\r\nSet-Cookie: x=y\r\n" +
                                            "__RequestVerificationToken: t1#t2\r\nContent-Length: 23\r\n\r\n<response>OK</response>");
        Assert.Null(HttpResponseParser.TryParse(bytes.AsSpan(0, bytes.Length - 5), complete: false));
        var r = HttpResponseParser.TryParse(bytes, complete: false)!;
        Assert.Equal(200, r.Status);
        Assert.Equal(["SessionID=a; path=/", "x=y"], r.All("set-cookie"));
        Assert.Equal("t1#t2", r.Header("__requestverificationtoken"));
        Assert.Equal("<response>OK</response>", Encoding.UTF8.GetString(r.Body));
        var e = Assert.Throws<HttpFormatException>(() => HttpResponseParser.TryParse(bytes.AsSpan(0, bytes.Length - 5), complete: true));
        Assert.Contains("closed after 18 of 23 body bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_chunked_and_connection_close_bodies()
    {
        var chunked = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n<resp\r\n12\r\nonse>OK</response>\r\n0\r\n\r\n");
        Assert.Null(HttpResponseParser.TryParse(chunked.AsSpan(0, 60), complete: false));
        Assert.Equal("<response>OK</response>", Encoding.UTF8.GetString(HttpResponseParser.TryParse(chunked, complete: false)!.Body));
        var closed = Encoding.ASCII.GetBytes("HTTP/1.0 200\r\n\r\n<response/>");
        Assert.Null(HttpResponseParser.TryParse(closed, complete: false));
        Assert.Equal("<response/>", Encoding.UTF8.GetString(HttpResponseParser.TryParse(closed, complete: true)!.Body));
    }

    [Theory]
    [InlineData("SSH-2.0-dropbear\r\n\r\n", "not an HTTP/1.x status line")]
    [InlineData("HTTP/1.1 abc OK\r\n\r\n", "no status code")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "header line without a name")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length \"-1\" is not a number")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size")]
    public void Http_garbage_is_refused_with_what_was_wrong(string text, string what)
    {
        var e = Assert.Throws<HttpFormatException>(() => HttpResponseParser.TryParse(Encoding.ASCII.GetBytes(text), complete: true));
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_type_4_is_what_the_webui_sends()
    {
        // Vector computed independently (Python hashlib/base64) from the formula.
        Assert.Equal("Njc3YTE2ZWViNzllNDdmMGI3Njk4MGY1YzZkZTQwYjc3Njg0YjRlMTU4MThhZWRiMTI0NTFiNDRiOGU0MmNlNQ==",
            HiLinkPassword.Type4("admin", "admin", "SbyKs2YFJ7Mqpp0LdwqOgDGLK2ydCYHY"));
        Assert.Equal("YWRtaW4=", HiLinkPassword.Type3("admin"));
    }

    /// <summary>
    /// Mutated answers (bytes flipped, cut, repeated, spliced; fixed seed, so every run tries the same inputs):
    /// the parsers either answer or throw their own format exception, and finish.
    /// </summary>
    [Fact]
    public void Mutated_answers_give_a_result_or_a_format_error_and_nothing_else()
    {
        string[] seeds =
        [
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: SessionID=abc; path=/; HttpOnly;\r\n__RequestVerificationToken: t1\r\nContent-Length: " + Encoding.UTF8.GetByteCount(Status) + "\r\n\r\n" + Status,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n17\r\n<response>OK</response>\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\n\r\n<?xml version=\"1.0\"?><error><code>125003</code><message></message></error>",
            "HTTP/1.1 200 OK\r\n\r\n<response><Profiles><Profile><Index>1</Index><Name>A&amp;B</Name></Profile></Profiles><![CDATA[x]]></response>",
        ];
        var rng = new Random(1301);
        for (var i = 0; i < 20000; i++)
        {
            var data = Mutate(Encoding.UTF8.GetBytes(seeds[i % seeds.Length]), rng);
            foreach (var complete in (bool[])[false, true])
            {
                HttpResponse? response;
                try { response = HttpResponseParser.TryParse(data, complete); }
                catch (HttpFormatException) { continue; }
                if (response is null) continue;
                try { FlatXmlReader.Parse(Encoding.UTF8.GetString(response.Body)); }
                catch (HiLinkXmlException) { }
            }
        }
    }

    private static byte[] Mutate(byte[] input, Random rng)
    {
        var data = input.ToList();
        for (var n = rng.Next(1, 6); n > 0 && data.Count > 0; n--)
        {
            var at = rng.Next(data.Count);
            switch (rng.Next(6))
            {
                case 0: data[at] = (byte)rng.Next(256); break;
                case 1: data.RemoveRange(at, Math.Min(rng.Next(1, 16), data.Count - at)); break;
                case 2: data.InsertRange(at, data.Skip(rng.Next(data.Count)).Take(rng.Next(1, 32)).ToList()); break;
                case 3: data.Insert(at, (byte)"<>&;#/\r\n0:"[rng.Next(10)]); break;
                case 4: data.RemoveRange(at, data.Count - at); break;
                default: data.InsertRange(at, Encoding.ASCII.GetBytes(rng.Next(2) == 0 ? "<a>" : "ffffffff\r\n")); break;
            }
        }
        return [.. data];
    }
}
