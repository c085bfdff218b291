using System.Text.Json;
using WwanProto.Core.At;
using WwanProto.Core.Netifd;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

public sealed class UbusStatusObjectTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Status_and_read_only_at_queries_through_ubusd()
    {
        await using var ubusd = new UbusdDouble();
        await using var session = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        var status = new ModemStatus { Model = "E3372", Imei = "861821035707675", SignalDbm = -80, State = "connected", ConnectedSince = DateTimeOffset.FromUnixTimeSeconds(1000) };
        var sent = new List<string>();
        var obj = new UbusStatusObject("wan", () => status, cmd =>
        {
            lock (sent) sent.Add(cmd);
            return Task.FromResult(new AtResponse(cmd, ["+CSQ: 20,99"], AtFinal.Ok, "OK"));
        });
        await obj.PublishAsync(session, CancellationToken.None);

        await using var luci = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        var s = JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "status", BlobmsgJson.FromJson("{}"))).ToJson()).RootElement;
        Assert.Equal("E3372", s.GetProperty("model").GetString());
        Assert.Equal(-80, s.GetProperty("signal_dbm").GetInt32());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1000), DateTimeOffset.Parse(s.GetProperty("connected_since").GetString()!));
        Assert.Equal("wan", s.GetProperty("iface").GetString());
        Assert.False(s.TryGetProperty("imsi", out _));
        // The same fields, in the same order, as `huaweiwwan status --json`.
        var cli = JsonDocument.Parse(WwanProto.Core.Standalone.StatusFile.ToJson(new() { Iface = "wan", Modem = status }, indented: false)).RootElement;
        Assert.Equal(cli.EnumerateObject().Select(p => p.Name), s.EnumerateObject().Select(p => p.Name));

        var at = JsonDocument.Parse((await luci.CallAsync("huaweiwwan.wan", "at", BlobmsgJson.FromJson("""{"command":" at+csq "}"""))).ToJson()).RootElement;
        Assert.Equal("AT+CSQ", at.GetProperty("command").GetString());
        Assert.Equal("+CSQ: 20,99", at.GetProperty("lines")[0].GetString());
        Assert.True(at.GetProperty("ok").GetBoolean());

        foreach (var bad in new[] { "AT+CFUN=0", "AT^NDISDUP=1,0", "AT+CPIN=\"1234\"", "AT+CSQ;+CFUN=1", "" })
        {
            var e = await Assert.ThrowsAsync<UbusException>(() => luci.CallAsync("huaweiwwan.wan", "at", BlobmsgJson.FromJson(JsonSerializerFree(bad))));
            Assert.Equal(UbusStatus.InvalidArgument, e.Status);
            Assert.Contains(bad.Length == 0 ? "no command" : "not a read-only query", e.Message);
        }
        lock (sent) Assert.Equal(["AT+CSQ"], sent);
    }

    private static string JsonSerializerFree(string command)
    {
        using var ms = new MemoryStream();
        using (var j = new Utf8JsonWriter(ms)) { j.WriteStartObject(); j.WriteString("command", command); j.WriteEndObject(); }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
