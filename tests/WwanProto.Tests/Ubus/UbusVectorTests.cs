using Xunit;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text.Json;
using WwanProto.Core.Ubus;

namespace WwanProto.Tests.Ubus;

/// <summary>Our encoder against the bytes OpenWrt's `ubus` CLI sent; our decoder against what ubusd/netifd answered.</summary>
public sealed class UbusVectorTests
{
    private static uint PeerOf(byte[] frame) => BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4));

    [Theory]
    [MemberData(nameof(UbusVector.CallVectors), MemberType = typeof(UbusVector))]
    public void Encodes_the_same_requests_as_the_cli(string name)
    {
        var v = UbusVector.Load(name);
        var (path, method, json) = v.Call;
        var sent = v.Frames.Where(f => f.Sent).Select(f => f.Frame).ToList();

        var lookup = new BlobWriter();
        lookup.PutString((int)UbusAttr.ObjPath, path);
        Assert.Equal(Convert.ToHexString(sent[0]), Convert.ToHexString(UbusMessage.Create(UbusMessageType.Lookup, 1, 0, lookup).Encode()));

        if (sent.Count < 2) return; // object missing: the CLI stops after LOOKUP
        var objectId = UbusMessage.Decode(v.Frames.First(f => !f.Sent && f.Frame[1] == (byte)UbusMessageType.Data).Frame).UInt32(UbusAttr.ObjId)!.Value;
        var invoke = new BlobWriter();
        invoke.PutInt32((int)UbusAttr.ObjId, objectId);
        invoke.PutString((int)UbusAttr.Method, method);
        invoke.Put((int)UbusAttr.Data, json is null ? [] : BlobmsgJson.FromJson(json));
        Assert.Equal(Convert.ToHexString(sent[1]), Convert.ToHexString(UbusMessage.Create(UbusMessageType.Invoke, 2, objectId, invoke).Encode()));
    }

    [Theory]
    [MemberData(nameof(UbusVector.CallVectors), MemberType = typeof(UbusVector))]
    public void Decodes_the_recorded_answers(string name)
    {
        var v = UbusVector.Load(name);
        var received = v.Frames.Where(f => !f.Sent).Select(f => UbusMessage.Decode(f.Frame)).ToList();
        Assert.Equal(UbusMessageType.Hello, received[0].Type);
        Assert.NotEqual(0u, received[0].Peer);
        var final = received[^1];
        Assert.Equal(UbusMessageType.Status, final.Type);
        Assert.Equal(v.Exit, (int)final.UInt32(UbusAttr.Status)!.Value);
        foreach (var m in received) Assert.Equal(m.Body.Length, BlobAttr.Parse(m.Body).Sum(a => (a.Raw.Length + 3) & ~3));

        var path = v.Call.Path;
        var data = received.Where(m => m.Type == UbusMessageType.Data && m.Attr(UbusAttr.ObjPath) is not null).ToList();
        if (v.Exit == (int)UbusStatus.NotFound) { Assert.Empty(data); return; }
        var found = Assert.Single(data);
        Assert.Equal(path, found.String(UbusAttr.ObjPath));
        var expected = path == "network" ? UbusdDouble.NetworkSignature : UbusdDouble.InterfaceSignature;
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(found.Attr(UbusAttr.Signature)!.Value.Payload.ToArray()));
    }

    [Fact]
    public void Decodes_the_status_answer_into_json()
    {
        var v = UbusVector.Load("status.txt");
        var reply = v.Frames.Where(f => !f.Sent).Select(f => UbusMessage.Decode(f.Frame)).Single(m => m.Type == UbusMessageType.Data && m.Attr(UbusAttr.Data) is not null);
        using var doc = JsonDocument.Parse(BlobmsgJson.ToJson(reply.Attr(UbusAttr.Data)!.Value.Payload));
        var r = doc.RootElement;
        Assert.True(r.GetProperty("up").GetBoolean());
        Assert.Equal(17, r.GetProperty("uptime").GetInt32());
        Assert.Equal("toy-wan", r.GetProperty("l3_device").GetString());
        Assert.Equal(["addresses", "routes", "data"], r.GetProperty("updated").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(24, r.GetProperty("ipv4-address")[0].GetProperty("mask").GetInt32());
        Assert.Equal("10.99.0.1", r.GetProperty("route")[0].GetProperty("nexthop").GetString());
        Assert.Equal(0, r.GetProperty("ipv6-address").GetArrayLength());
        Assert.Equal("toy-wanp", r.GetProperty("data").GetProperty("toy_peer").GetString());
    }

    [Fact]
    public void The_notify_payload_types_are_those_netifd_expects()
    {
        var v = UbusVector.Load("notify-update.txt");
        var invoke = UbusMessage.Decode(v.Frames.Where(f => f.Sent).Last().Frame);
        var attrs = invoke.Attr(UbusAttr.Data)!.Value.Children();
        Assert.Equal(BlobmsgType.Int32, attrs.Single(a => a.Name == "action").Type);
        Assert.Equal(BlobmsgType.Int8, attrs.Single(a => a.Name == "link-up").Type);
        var data = attrs.Single(a => a.Name == "data").Children();
        Assert.Equal(-71, data.Single(a => a.Name == "rssi").GetInt32());
        Assert.False(data.Single(a => a.Name == "roaming").GetBool());
    }

    /// <summary>The double answers the recorded requests with the recorded bytes, ids aside.</summary>
    [Theory]
    [InlineData("add-dynamic.txt")]
    [InlineData("notify-error.txt")]
    [InlineData("notify-update.txt")]
    [InlineData("notify-runcmd-missing-iface.txt")]
    [InlineData("list.txt")]
    public async Task The_double_answers_like_ubusd(string name)
    {
        var v = UbusVector.Load(name);
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await s.ConnectAsync(new UnixDomainSocketEndPoint(ubusd.SocketPath), cts.Token);
        var ids = new Dictionary<uint, uint>(); // recorded id -> double's id
        var recordedReceived = v.Frames.Where(f => !f.Sent).Select(f => f.Frame).ToList();
        var got = new List<byte[]>();
        var sentIndex = 0;
        var sent = v.Frames.Where(f => f.Sent).Select(f => f.Frame).ToList();
        while (got.Count < recordedReceived.Count)
        {
            var m = await UbusFraming.ReadAsync(s, cts.Token);
            Assert.NotNull(m);
            var frame = m.Encode();
            got.Add(frame);
            var rec = recordedReceived[got.Count - 1];
            Assert.Equal(rec.Length, frame.Length);
            // Learn the id mapping from header peers and ObjId/ObjType attributes, then compare with ids mapped.
            ids[PeerOf(rec)] = PeerOf(frame);
            var rm = UbusMessage.Decode(rec);
            foreach (var a in new[] { UbusAttr.ObjId, UbusAttr.ObjType })
                if (rm.UInt32(a) is { } rid) ids[rid] = m.UInt32(a)!.Value;
            Assert.Equal(Convert.ToHexString(MapIds(rec, ids)), Convert.ToHexString(frame));
            if (m.Type is UbusMessageType.Hello or UbusMessageType.Status && sentIndex < sent.Count)
                await s.SendAsync(MapIds(sent[sentIndex++], ids), SocketFlags.None, cts.Token);
        }
    }

    /// <summary>Replaces every 4-byte id occurrence at the known places (header peer, u32 attribute payloads).</summary>
    private static byte[] MapIds(byte[] frame, Dictionary<uint, uint> ids)
    {
        var copy = (byte[])frame.Clone();
        void Map(int at)
        {
            var id = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(at));
            if (id != 0 && ids.TryGetValue(id, out var to)) BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), to);
        }
        Map(4);
        var body = UbusMessage.Decode(frame).Body;
        var offset = UbusMessage.HeaderLength + 4;
        foreach (var a in BlobAttr.Parse(body))
        {
            if (a.Id is (int)UbusAttr.ObjId or (int)UbusAttr.ObjType && a.Raw.Length == 8) Map(offset + 4);
            offset += (a.Raw.Length + 3) & ~3;
        }
        return copy;
    }
}
