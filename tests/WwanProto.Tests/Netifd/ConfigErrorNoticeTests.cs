using WwanProto.Core.Config;
using WwanProto.Core.Netifd;
using Xunit;

namespace WwanProto.Tests.Netifd;

public sealed class ConfigErrorNoticeTests
{
    [Fact]
    public void A_specific_code_wins_over_unknown_options_and_carries_every_option_with_that_code()
    {
        var notice = ConfigErrorNotice.From([
            new ConfigError("frobnicate", "1", "unknown option") { Code = "UNKNOWN_OPTION" },
            new ConfigError("password", null, "auth 'chap' needs both username and password"),
            new ConfigError("apn", "a;b", "bad character"),
            new ConfigError("password", null, "contains a newline"),
        ]);
        Assert.Equal("INVALID_PASSWORD", notice.Code);
        Assert.Equal(["password"], notice.Options);
    }

    [Fact]
    public void Only_unknown_options_report_them_all()
    {
        var notice = ConfigErrorNotice.From([
            new ConfigError("foo", "1", "unknown option") { Code = "UNKNOWN_OPTION" },
            new ConfigError("bar", "2", "unknown option") { Code = "UNKNOWN_OPTION" },
        ]);
        Assert.Equal("UNKNOWN_OPTION", notice.Code);
        Assert.Equal(["foo", "bar"], notice.Options);
        var json = BlobmsgJsonOf(notice.ToNotify("wan"));
        Assert.Contains("\"error\":[\"UNKNOWN_OPTION\",\"foo\",\"bar\"]", json);
    }

    private static string BlobmsgJsonOf(byte[] message) => WwanProto.Core.Ubus.BlobmsgJson.ToJson(message);
}
