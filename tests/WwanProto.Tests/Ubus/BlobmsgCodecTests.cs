using Xunit;
using System.Text.Json;
using WwanProto.Core.Ubus;

namespace WwanProto.Tests.Ubus;

public sealed class BlobmsgCodecTests
{
    private static string Hex(BlobWriter w) => Convert.ToHexString(w.ToArray()).ToLowerInvariant();

    [Fact]
    public void Every_type_encodes_as_libubox_does()
    {
        // Expected bytes derived by hand from blob.h/blobmsg.h: header word, u16 name length, name, NUL, pad to 4, value, pad.
        var w = new BlobWriter();
        w.Int32("action", 3);
        Assert.Equal("850000140006616374696f6e00000000000000" + "03", Hex(w));

        w = new BlobWriter(); w.Bool("link-up", true);
        Assert.Equal("8700001100076c696e6b2d757000000001000000", Hex(w));

        w = new BlobWriter(); w.Int16("s", -2);
        Assert.Equal("8600000a00017300fffe0000", Hex(w));

        w = new BlobWriter(); w.Int64("big", 0x1_0000_0000L);
        Assert.Equal("84000014" + "0003626967000000" + "0000000100000000", Hex(w));

        w = new BlobWriter(); w.Double("d", 1.5);
        Assert.Equal("8800001000016400" + "3ff8000000000000", Hex(w));

        w = new BlobWriter(); w.Unspec("n");
        Assert.Equal("8000000800016e00", Hex(w));

        w = new BlobWriter(); w.String(null, "3");
        Assert.Equal("8300000a000000003300" + "0000", Hex(w));

        w = new BlobWriter();
        var t = w.OpenTable("t"); w.Close(t);
        var a = w.OpenArray(""); w.Close(a);
        Assert.Equal("8200000800017400" + "8100000800000000", Hex(w));
    }

    [Fact]
    public void Round_trips_every_type_with_names_of_every_padding()
    {
        var w = new BlobWriter();
        var names = new[] { "", "a", "ab", "abc", "abcd", "abcde", "ünï" };
        foreach (var n in names)
        {
            w.String(n + "s", "x" + n);
            w.Int64(n + "l", long.MinValue);
            w.Int32(n + "i", int.MinValue);
            w.Int16(n + "h", short.MinValue);
            w.Int8(n + "b", 200);
            w.Bool(n + "t", true);
            w.Double(n + "d", -0.1);
            w.Unspec(n + "u");
            var tab = w.OpenTable(n + "T");
            var arr = w.OpenArray("A");
            w.Int32(null, 1); w.String(null, ""); var inner = w.OpenTable(null); w.Close(inner);
            w.Close(arr);
            w.Close(tab);
        }
        var attrs = BlobAttr.Parse(w.ToArray());
        Assert.Equal(names.Length * 9, attrs.Count);
        for (var i = 0; i < names.Length; i++)
        {
            var n = names[i];
            var g = attrs.Skip(i * 9).ToList();
            Assert.Equal((n + "s", "x" + n), (g[0].Name, g[0].GetString()));
            Assert.Equal(long.MinValue, g[1].GetInt64());
            Assert.Equal(int.MinValue, g[2].GetInt32());
            Assert.Equal(short.MinValue, g[3].GetInt16());
            Assert.Equal(200, g[4].GetInt8());
            Assert.True(g[5].GetBool());
            Assert.Equal(-0.1, g[6].GetDouble());
            Assert.Equal(BlobmsgType.Unspec, g[7].Type);
            Assert.Equal(0, g[7].Data.Length);
            var arr = Assert.Single(g[8].Children());
            Assert.Equal(BlobmsgType.Array, arr.Type);
            var items = arr.Children();
            Assert.Equal([BlobmsgType.Int32, BlobmsgType.String, BlobmsgType.Table], items.Select(x => x.Type));
            Assert.All(items, x => Assert.Equal("", x.Name));
        }
    }

    [Fact]
    public void Json_bridge_uses_blobmsg_json_types_and_round_trips()
    {
        const string json = """{"i":1,"neg":-71,"big":4294967296,"f":2.5,"t":true,"n":null,"s":"x","a":[1,"2",[]],"o":{"k":{}}}""";
        var attrs = BlobAttr.Parse(BlobmsgJson.FromJson(json));
        Assert.Equal([BlobmsgType.Int32, BlobmsgType.Int32, BlobmsgType.Int64, BlobmsgType.Double, BlobmsgType.Int8,
            BlobmsgType.Unspec, BlobmsgType.String, BlobmsgType.Array, BlobmsgType.Table], attrs.Select(a => a.Type));
        Assert.Equal(json, BlobmsgJson.ToJson(BlobmsgJson.FromJson(json)));
    }

    [Fact]
    public void Int16_renders_as_a_number()
    {
        var w = new BlobWriter();
        w.Int16("x", 300);
        Assert.Equal("""{"x":300}""", BlobmsgJson.ToJson(w.ToArray()));
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{\"a\":")]
    [InlineData("{} {}")]
    public void Bad_json_is_a_clear_error(string json)
    {
        var e = Assert.Throws<FormatException>(() => BlobmsgJson.FromJson(json));
        Assert.NotEmpty(e.Message);
    }

    [Theory]
    [InlineData("830000ff000178007900")]       // length beyond the buffer
    [InlineData("83000002")]                    // length shorter than a header
    [InlineData("8300000600ff0000")]             // name longer than the attribute
    public void Malformed_blobs_are_refused(string hex)
    {
        Assert.Throws<InvalidDataException>(() => BlobAttr.Parse(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Message_frame_round_trips()
    {
        var w = new BlobWriter();
        w.PutInt32((int)UbusAttr.Status, 6);
        w.PutString((int)UbusAttr.Method, "notify_proto");
        var m = UbusMessage.Create(UbusMessageType.Status, 0xfffe, 0x91c8743a, w);
        var back = UbusMessage.Decode(m.Encode());
        Assert.Equal((UbusMessageType.Status, (ushort)0xfffe, 0x91c8743au), (back.Type, back.Seq, back.Peer));
        Assert.Equal(6u, back.UInt32(UbusAttr.Status));
        Assert.Equal("notify_proto", back.String(UbusAttr.Method));
        using var _ = JsonDocument.Parse("{}");
    }
}
