using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Standalone;

public sealed class SlaacWatchTests
{
    [Theory]
    [InlineData("7: wwan0    inet6 fd77:7773:0:1:21e:10ff:fe1f:0/64 scope global dynamic mngtmpaddr \\       valid_lft 86400sec preferred_lft 14400sec", "fd77:7773:0:1:21e:10ff:fe1f:0", 64)]
    [InlineData("7: wwan0    inet6 2a02:3038:10:4::1/64 scope global dynamic noprefixroute ", "2a02:3038:10:4::1", 64)]
    public void Usable_global_addresses_are_taken(string line, string address, int prefix)
    {
        var ip = SlaacWatch.ParseUsableGlobal(line, "wwan0");
        Assert.NotNull(ip);
        Assert.Equal(address, ip.Address);
        Assert.Equal(prefix, ip.PrefixLength);
    }

    [Theory]
    [InlineData("7: wwan0    inet6 fd77:7773:0:1:21e:10ff:fe1f:0/64 scope global tentative dynamic mngtmpaddr ")]
    [InlineData("7: wwan0    inet6 fd77:7773:0:1:5c1:ab:cd:ef/64 scope global temporary dynamic ")]
    [InlineData("7: wwan0    inet6 fd77:7773:0:1:21e:10ff:fe1f:0/64 scope global deprecated dynamic ")]
    [InlineData("Deleted 7: wwan0    inet6 fd77:7773:0:1:21e:10ff:fe1f:0/64 scope global dynamic ")]
    [InlineData("7: wwan0    inet6 fe80::21e:10ff:fe1f:0/64 scope link ")]
    [InlineData("8: wwan1    inet6 fd77:7773:0:1:21e:10ff:fe1f:0/64 scope global dynamic ")]
    public void Other_lines_are_not(string line) => Assert.Null(SlaacWatch.ParseUsableGlobal(line, "wwan0"));
}
