using WwanProto.Core.Netifd;
using Xunit;

namespace WwanProto.Tests.Netifd;

public sealed class FirewallZoneTests
{
    [Fact]
    public void Finds_the_zone_listing_the_interface_as_fw3_does()
    {
        var dir = Directory.CreateTempSubdirectory("fwzone-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "firewall"), """
                config defaults
                	option input 'REJECT'

                config zone
                	option name 'lan'
                	list network 'lan'

                config zone
                	option name 'wan'
                	list network 'wan'
                	list network 'wan6'

                config zone 'lte'
                	option name 'mobile'
                	option network 'wwan lte'
                """);
            Assert.Equal("wan", FirewallZone.Find("wan", dir));
            Assert.Equal("mobile", FirewallZone.Find("lte", dir));
            Assert.Null(FirewallZone.Find("guest", dir));
            Assert.Null(FirewallZone.Find("wan", Path.Combine(dir, "missing")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
