using System.Text.Json;
using WwanProto.Core.Config;
using WwanProto.Core.Netifd;
using Xunit;

namespace WwanProto.Tests.Netifd;

public sealed class NetifdDumpTests
{
    private static JsonElement Dump() => JsonDocument.Parse(NetifdDump.ToUtf8()).RootElement;

    [Fact]
    public void Dump_is_one_json_object_named_huaweiwwan_with_every_flag_netifd_reads()
    {
        var bytes = NetifdDump.ToUtf8();
        Assert.Equal((byte)'\n', bytes[^1]);
        var d = Dump();
        Assert.Equal("huaweiwwan", d.GetProperty("name").GetString());
        foreach (var flag in new[] { "no-device", "no-device-config", "no-proto-task", "available", "renew-handler",
                     "restart-handler", "lasterror", "teardown-on-l3-link-down" })
            Assert.True(d.GetProperty(flag).ValueKind is JsonValueKind.True or JsonValueKind.False, flag);
        Assert.True(d.GetProperty("no-device").GetBoolean());
        Assert.False(d.GetProperty("no-proto-task").GetBoolean());
        Assert.True(d.GetProperty("available").GetBoolean());
    }

    [Fact]
    public void Config_list_is_the_schema_typed_as_recorded()
    {
        var entries = Dump().GetProperty("config").EnumerateArray().Select(e => (Name: e[0].GetString()!, Type: e[1].GetInt32())).ToList();
        var names = entries.Select(e => e.Name.Split(':')[0]).ToList();
        Assert.Equal(OptionSchema.All.Select(o => o.Name).ToHashSet(), names.ToHashSet());
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var (name, type) in entries)
        {
            Assert.Contains(type, new[] { 1, 3, 5, 7 }); // array, string, int32, bool: what netifd's dump parser knows
            Assert.Equal((int)OptionSchema.Find(name.Split(':')[0])!.Type, type);
        }
    }

    [Fact]
    public void Validators_only_where_exact()
    {
        var entries = Dump().GetProperty("config").EnumerateArray().Select(e => e[0].GetString()!).ToList();
        Assert.Contains("device", entries); // a USB path / vid:pid / IMEI is no netdev: never device:device
        Assert.DoesNotContain(entries, e => e.StartsWith("device:", StringComparison.Ordinal));
        Assert.Contains("profile:range(1,16)", entries);
        Assert.Contains("metric:uinteger", entries);
        Assert.All(entries.Where(e => e.Contains(':')), e => Assert.Equal(OptionType.Int, OptionSchema.Find(e.Split(':')[0])!.Type));
    }

    [Fact]
    public void Config_json_becomes_the_strings_uci_would_hold()
    {
        var raw = NetifdConfig.Parse("""{"proto":"huaweiwwan","apn":"internet","dhcp":true,"profile":2,"dns":["1.1.1.1","9.9.9.9"],"x":null}""");
        Assert.Equal("internet", raw["apn"].Scalar);
        Assert.Equal("1", raw["dhcp"].Scalar);
        Assert.Equal("2", raw["profile"].Scalar);
        Assert.Equal(["1.1.1.1", "9.9.9.9"], raw["dns"].List!);
        Assert.False(raw.ContainsKey("x"));
        var (options, errors) = OptionParser.Parse(raw);
        Assert.Empty(errors);
        Assert.True(options!.Dhcp);
        Assert.Equal(2, options.Profile);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"apn\":")]
    public void Bad_config_json_is_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => NetifdConfig.Parse(json));
}
