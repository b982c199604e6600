using System.Net;
using Orchestrator.Kubelet.Hollow;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Hollow;

public class Ipv4CidrTests
{
    [Theory]
    [InlineData("100.64.3.0/24", "100.64.3.0/24")]
    [InlineData("100.64.3.7/24", "100.64.3.0/24")]
    [InlineData("127.128.0.0/10", "127.128.0.0/10")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void Parses_and_clears_host_bits(string text, string expected)
    {
        Assert.True(Ipv4Cidr.TryParse(text, out var cidr));
        Assert.Equal(expected, cidr.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("100.64.3.0")]
    [InlineData("100.64.3.0/33")]
    [InlineData("100.64.3.0/-1")]
    [InlineData("fd00::/64")]
    [InlineData("/24")]
    [InlineData("banana/24")]
    public void Refuses_what_is_not_an_IPv4_cidr(string? text)
    {
        Assert.False(Ipv4Cidr.TryParse(text, out _));
    }

    [Fact]
    public void Subnets_and_addresses_are_counted_from_the_network_address()
    {
        var range = Ipv4Cidr.Parse("127.128.0.0/10");

        Assert.Equal("127.128.0.0/24", range.Subnet(24, 0).ToString());
        Assert.Equal("127.128.1.0/24", range.Subnet(24, 1).ToString());
        Assert.Equal("127.147.136.0/24", range.Subnet(24, 5000).ToString());
        Assert.Equal("127.191.255.0/24", range.Subnet(24, 16383).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => range.Subnet(24, 16384));
        Assert.Equal("127.1.0.1", Ipv4Cidr.Parse("127.1.0.0/16").AddressAt(1).ToString());
        Assert.Equal("127.1.19.137", Ipv4Cidr.Parse("127.1.0.0/16").AddressAt(5001).ToString());
    }

    [Fact]
    public void An_address_has_an_offset_only_inside_the_range()
    {
        var range = Ipv4Cidr.Parse("100.64.3.0/24");

        Assert.Equal(5UL, range.OffsetOf(IPAddress.Parse("100.64.3.5")));
        Assert.Null(range.OffsetOf(IPAddress.Parse("100.64.2.255")));
        Assert.Null(range.OffsetOf(IPAddress.Parse("100.64.4.0")));
        Assert.Null(range.OffsetOf(IPAddress.IPv6Loopback));
    }
}
