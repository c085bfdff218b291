using WwanProto.Core.Netifd;
using WwanProto.Core.Ubus;
using WwanProto.Core.Usb.Switching;
using WwanProto.Fuzz;
using Xunit;

namespace WwanProto.Tests.Fuzz;

/// <summary>
/// Every escape the fuzzer found (minimized input, hex) and the bad inputs of issue 11: each target answers
/// with its documented error or a value, never another exception.
/// </summary>
public sealed class FuzzRegressionTests
{
    [Theory]
    // issue 11 #7: invalid UTF-8 in a devices key; a lone surrogate escape in a key.
    [InlineData("usb-mode-json", "7B2264657669636573223A7B22FF223A7B7D7D7D")]
    [InlineData("usb-mode-json", "7B22223A5B22225D2C2264657669636573223A7B22313264313A31663031223A7B22223A7B22745F5C7564383065223A372C22223A5B5D2C22223A5B5D2C22223A317D7D7D7D")]
    [InlineData("netifd-config", "7B22223A225C756438303022")]
    [InlineData("session-config", "7B22223A22222C22223A22222C226F7074696F6E73223A7B22223A22222C22223A22FF22")]
    [InlineData("session-config", "7B22223A22222C22223A22222C226F7074696F6E73223A7B22223A22222C22223A7B")]
    [InlineData("session-config", "7B225C7564383030223A")]
    // issue 11 #11: truncated name headers, a NaN double.
    [InlineData("blob", "80000004")]
    [InlineData("blob", "AB00000802000004")]
    [InlineData("blobmsg-json", "88000010000000007FF8000000000000")]
    public void A_found_escape_stays_fixed(string target, string hex)
    {
        var t = FuzzTargets.Find(target)!;
        var input = Convert.FromHexString(hex);
        var error = Record.Exception(() => t.Run(input));
        Assert.True(error is null || t.IsAllowed(error), $"{target} let out {error}");
    }

    [Fact]
    public void Invalid_utf8_usb_mode_json_is_a_config_error_naming_the_offset()
    {
        var json = "{\"devices\":{\"X\":{}}}"u8.ToArray();
        json[13] = 0xff; // the file: {"devices":{"\xff":{}}}
        var e = Assert.Throws<UsbModeConfigException>(() => UsbModeJson.Parse(json, "/etc/usb-mode.json"));
        Assert.Equal("/etc/usb-mode.json: not UTF-8 text (invalid byte sequence at offset 13)", e.Message);
    }

    [Theory]
    [InlineData("80000004")]
    [InlineData("AB00000802000004")]
    public void A_truncated_name_header_is_malformed_input(string hex)
    {
        Assert.Throws<InvalidDataException>(() => BlobAttr.ParseSingle(Convert.FromHexString(hex)));
        Assert.Throws<InvalidDataException>(() => BlobAttr.Parse(Convert.FromHexString(hex)));
    }

    [Fact]
    public void A_nan_double_is_json_null()
    {
        Assert.Equal("{\"\":null}", BlobmsgJson.ToJson(Convert.FromHexString("88000010000000007FF8000000000000")));
    }

    [Fact]
    public void A_session_config_holding_an_object_where_a_string_belongs_is_invalid_data()
    {
        var e = Assert.Throws<InvalidDataException>(() => SessionConfigFile.Parse("{\"options\":{\"apn\":{}}}"u8, "/var/run/huaweiwwan/wan.config.json"));
        Assert.StartsWith("/var/run/huaweiwwan/wan.config.json: not a session config file", e.Message);
    }
}
