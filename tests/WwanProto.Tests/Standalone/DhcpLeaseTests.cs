using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>What the udhcpc event script writes, as <see cref="DhcpLease"/> reads it back.</summary>
public sealed class DhcpLeaseTests
{
    [Fact]
    public void Reads_address_prefix_router_dns_and_mtu()
    {
        var lease = DhcpLease.ParseV4(["ip=100.64.0.6", "mask=30", "subnet=255.255.255.252", "router=100.64.0.5 100.64.0.9", "dns=1.1.1.1 9.9.9.9", "mtu=1400"])!;
        Assert.Equal("100.64.0.6", lease.Address);
        Assert.Equal(30, lease.PrefixLength);
        Assert.Equal("100.64.0.5", lease.Gateway);
        Assert.Equal(["1.1.1.1", "9.9.9.9"], lease.Dns);
        Assert.Equal(1400, lease.Mtu);
    }

    [Fact]
    public void Falls_back_to_the_dotted_subnet_and_needs_an_address()
    {
        var lease = DhcpLease.ParseV4(["ip=10.0.0.2", "mask=", "subnet=255.255.255.0", "router=", "dns=", "mtu="])!;
        Assert.Equal(24, lease.PrefixLength);
        Assert.Null(lease.Gateway);
        Assert.Empty(lease.Dns);
        Assert.Null(lease.Mtu);
        Assert.Null(DhcpLease.ParseV4(["ip=", "mask=24"]));
    }

    [Fact]
    public void Reads_a_dhcpv6_lease_with_its_dns_and_no_router()
    {
        var lease = DhcpLease.ParseV6(["ip=fd77:7773:44:621::2", "mask=128", "dns=fd77:7773:44:621::1 10.0.0.1"])!;
        Assert.Equal("fd77:7773:44:621::2", lease.Address);
        Assert.Equal(128, lease.PrefixLength);
        Assert.Null(lease.Gateway);
        Assert.Equal(["fd77:7773:44:621::1"], lease.Dns);
        Assert.Equal(128, DhcpLease.ParseV6(["ip=2001:db8::5", "mask=", "dns="])!.PrefixLength);
        Assert.Null(DhcpLease.ParseV6(["ip=10.0.0.2"]));
    }

    [Theory]
    [InlineData("2: wwan0    inet6 fe80::1e:10ff:fe1f:0/64 scope link \\       valid_lft forever preferred_lft forever", true)]
    [InlineData("2: wwan0    inet6 fe80::1e:10ff:fe1f:0/64 scope link tentative ", false)]
    [InlineData("2: wwan0    inet6 fe80::1e:10ff:fe1f:0/64 scope link dadfailed tentative ", false)]
    [InlineData("Deleted 2: wwan0    inet6 fe80::1e:10ff:fe1f:0/64 scope link ", false)]
    [InlineData("3: wwan1    inet6 fe80::1/64 scope link ", false)]
    [InlineData("2: wwan0    inet6 fd00::2/64 scope global ", false)]
    public void A_link_local_address_is_usable_once_dad_is_done(string line, bool usable) =>
        Assert.Equal(usable, Ipv6LinkSetup.IsUsableLinkLocal(line, "wwan0"));
}
