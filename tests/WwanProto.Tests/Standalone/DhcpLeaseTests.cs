using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>What the udhcpc event script writes, as <see cref="DhcpClient"/> reads it back.</summary>
public sealed class DhcpLeaseTests
{
    [Fact]
    public void Reads_address_prefix_router_dns_and_mtu()
    {
        var lease = DhcpClient.ParseLease(["ip=100.64.0.6", "mask=30", "subnet=255.255.255.252", "router=100.64.0.5 100.64.0.9", "dns=1.1.1.1 9.9.9.9", "mtu=1400"])!;
        Assert.Equal("100.64.0.6", lease.Address);
        Assert.Equal(30, lease.PrefixLength);
        Assert.Equal("100.64.0.5", lease.Gateway);
        Assert.Equal(["1.1.1.1", "9.9.9.9"], lease.Dns);
        Assert.Equal(1400, lease.Mtu);
    }

    [Fact]
    public void Falls_back_to_the_dotted_subnet_and_needs_an_address()
    {
        var lease = DhcpClient.ParseLease(["ip=10.0.0.2", "mask=", "subnet=255.255.255.0", "router=", "dns=", "mtu="])!;
        Assert.Equal(24, lease.PrefixLength);
        Assert.Null(lease.Gateway);
        Assert.Empty(lease.Dns);
        Assert.Null(lease.Mtu);
        Assert.Null(DhcpClient.ParseLease(["ip=", "mask=24"]));
    }
}
