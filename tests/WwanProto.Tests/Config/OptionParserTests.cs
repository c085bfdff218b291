using WwanProto.Core.Config;
using Xunit;

namespace WwanProto.Tests.Config;

public class OptionParserTests
{
    private static Dictionary<string, RawValue> Raw(params (string Name, string Value)[] items) =>
        items.ToDictionary(i => i.Name, i => RawValue.Of(i.Value));

    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var (options, errors) = OptionParser.Parse(Raw());
        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal("auto", options.Device);
        Assert.Equal(1, options.Profile);
        Assert.Equal("*99***1#", options.EffectiveDialNumber);
        Assert.Null(options.Mode);
    }

    [Fact]
    public void Values_are_typed_and_normalized()
    {
        var (options, errors) = OptionParser.Parse(Raw(("apn", "internet.t-mobile"), ("pdptype", "ipv4v6"),
            ("profile", "2"), ("dhcp", "yes"), ("mode", "LTE"), ("device", "12d1:1506")));
        Assert.Empty(errors);
        Assert.Equal("IPV4V6", options!.PdpType);
        Assert.Equal("lte", options.Mode);
        Assert.True(options.Dhcp);
        Assert.Equal("*99***2#", options.EffectiveDialNumber);
    }

    [Theory]
    [InlineData("apn", "inter\"net")]
    [InlineData("apn", "internet\r\nATD123")]
    [InlineData("apn", "a;b")]
    [InlineData("username", "x\0y")]
    [InlineData("password", "pa\"ss")]
    [InlineData("dialnumber", "*99#;+CFUN=0")]
    public void Values_that_could_break_out_of_an_AT_argument_are_refused(string option, string value)
    {
        var (options, errors) = OptionParser.Parse(Raw((option, value)));
        Assert.Null(options);
        var error = Assert.Single(errors);
        Assert.Equal(option, error.Option);
    }

    [Fact]
    public void Secret_values_never_appear_in_errors()
    {
        var (_, errors) = OptionParser.Parse(Raw(("pincode", "12x4"), ("password", "sec\"ret")));
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Null(e.Value));
        Assert.DoesNotContain(errors, e => e.ToString().Contains("12x4") || e.ToString().Contains("sec"));
    }

    [Fact]
    public void Every_problem_is_reported_with_option_and_value()
    {
        var (_, errors) = OptionParser.Parse(Raw(("profile", "99"), ("mode", "5g"), ("timeout", "abc"), ("bogus", "1")), rejectUnknown: true);
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Option == "profile" && e.Value == "99" && e.Code == "INVALID_PROFILE");
        Assert.Contains(errors, e => e.Option == "mode" && e.Value == "5g");
        Assert.Contains(errors, e => e.Code == "UNKNOWN_OPTION" && e.Option == "bogus");
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("1-1.2")]
    [InlineData("/sys/bus/usb/devices/1-1.2")]
    [InlineData("12d1:1506@2")]
    [InlineData("imei:861234567890123")]
    [InlineData("/dev/ttyUSB2")]
    public void Every_device_form_is_accepted(string device)
    {
        var (options, errors) = OptionParser.Parse(Raw(("device", device)));
        Assert.Empty(errors);
        Assert.Equal(device, options!.Device);
    }
}
