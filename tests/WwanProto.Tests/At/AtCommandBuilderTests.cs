using WwanProto.Core.At;
using Xunit;

namespace WwanProto.Tests.At;

public sealed class AtCommandBuilderTests
{
    [Fact]
    public void Builds_ndisdup_with_quoted_values()
    {
        var cmd = new AtCommandBuilder("AT^NDISDUP=").Number(1).Number(1).Quoted("apn", "internet")
            .Quoted("username", "user").Quoted("password", "s3cret").Number(2).Build();
        Assert.Equal("AT^NDISDUP=1,1,\"internet\",\"user\",\"s3cret\",2", cmd);
        Assert.DoesNotContain("s3cret", AtRedaction.Redact(cmd));
        Assert.Contains("internet", AtRedaction.Redact(cmd));
    }

    [Theory]
    [InlineData("inter\"net", "double quote")]
    [InlineData("internet\r", "carriage return")]
    [InlineData("internet\nAT+CFUN=0", "line feed")]
    [InlineData("internet;+CFUN=0", "';'")]
    [InlineData("inter\0net", "NUL")]
    [InlineData("inter\\net", "backslash")]
    [InlineData("intérnet", "non-ASCII")]
    public void Refuses_values_that_could_escape_the_argument_naming_the_option(string value, string why)
    {
        var e = Assert.Throws<AtArgumentException>(() => new AtCommandBuilder("AT+CGDCONT=").Number(1).Quoted("IP", "x").Quoted("apn", value));
        Assert.Equal("apn", e.Option);
        Assert.Contains("'apn'", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Secret_value_is_not_repeated_in_the_error()
    {
        var e = Assert.Throws<AtArgumentException>(() => AtCommandBuilder.Quote("password", "pa\"ss"));
        Assert.DoesNotContain("pa\"ss", e.Message);
        Assert.Contains("password", e.Message);
    }

    [Theory]
    [InlineData("AT+CPIN=\"1234\"", "AT+CPIN=<redacted>")]
    [InlineData("AT+CPIN=1234", "AT+CPIN=<redacted>")]
    [InlineData("AT+CLCK=\"SC\",0,\"1234\"", "AT+CLCK=<redacted>")]
    [InlineData("AT^NDISDUP=1,1,\"internet\"", "AT^NDISDUP=1,1,\"internet\"")]
    [InlineData("AT+CSQ", "AT+CSQ")]
    public void Redaction(string command, string shown) => Assert.Equal(shown, AtRedaction.Redact(command));

    [Theory]
    [InlineData("AT", 3)]
    [InlineData("AT+CSQ", 3)]
    [InlineData("AT+CPIN?", 10)]
    [InlineData("AT^CPIN?", 10)]
    [InlineData("AT+CFUN=1", 15)]
    [InlineData("AT^SYSCFGEX=\"03\",3FFFFFFF,2,4,7FFFFFFFFFFFFFFF,,", 15)]
    [InlineData("ATD*99#", 30)]
    [InlineData("AT^NDISDUP=1,1,\"internet\"", 30)]
    [InlineData("AT+COPS=?", 180)]
    [InlineData("ATH", 15)]
    public void Timeout_classes_section_5(string command, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AtTimeouts.For(command));
}
