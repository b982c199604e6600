using System.Net;
using Orchestrator.Kubelet.Hollow;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Hollow;

public class PodAddressesTests
{
    private static PodAddresses Slash24() => new(Ipv4Cidr.Parse("100.64.3.0/24"));

    [Fact]
    public void Addresses_are_given_in_order_from_the_second_host_on()
    {
        var addresses = Slash24();

        Assert.Equal(["100.64.3.2", "100.64.3.3", "100.64.3.4"], Enumerable.Range(0, 3).Select(_ => addresses.Allocate()!.ToString()));
        Assert.Equal(253, addresses.Capacity);
        Assert.Equal(3, addresses.InUse);
    }

    [Fact]
    public void A_freed_address_is_not_given_again_before_the_range_wraps_around()
    {
        var addresses = Slash24();
        var first = addresses.Allocate()!;
        addresses.Allocate();
        addresses.Release(first);

        Assert.Equal("100.64.3.4", addresses.Allocate()!.ToString());
    }

    [Fact]
    public void Every_host_of_a_slash24_is_given_once_then_only_freed_ones()
    {
        var addresses = Slash24();
        var given = Enumerable.Range(0, 253).Select(_ => addresses.Allocate()!.ToString()).ToList();

        // Neither the network address, nor the gateway (.1), nor the broadcast address; never one twice.
        Assert.Equal(253, given.Distinct().Count());
        Assert.DoesNotContain("100.64.3.0", given);
        Assert.DoesNotContain("100.64.3.1", given);
        Assert.DoesNotContain("100.64.3.255", given);
        Assert.Equal("100.64.3.254", given[^1]);
        Assert.Null(addresses.Allocate());

        addresses.Release(IPAddress.Parse("100.64.3.77"));
        Assert.Equal("100.64.3.77", addresses.Allocate()!.ToString());
        Assert.Null(addresses.Allocate());
    }

    [Fact]
    public void A_live_address_is_never_given_even_after_wrapping_around()
    {
        var addresses = Slash24();
        var all = Enumerable.Range(0, 253).Select(_ => addresses.Allocate()!).ToList();
        foreach (var address in all.Where((_, i) => i % 2 == 0))
        {
            addresses.Release(address);
        }

        var live = all.Where((_, i) => i % 2 == 1).Select(a => a.ToString()).ToHashSet();
        var again = Enumerable.Range(0, 127).Select(_ => addresses.Allocate()!.ToString()).ToList();

        Assert.DoesNotContain(again, live.Contains);
        Assert.Equal("100.64.3.2", again[0]);
        Assert.Null(addresses.Allocate());
    }

    [Fact]
    public void An_address_a_pod_already_holds_is_reserved_and_skipped()
    {
        var addresses = Slash24();

        Assert.True(addresses.Reserve(IPAddress.Parse("100.64.3.2")));
        Assert.True(addresses.Reserve(IPAddress.Parse("100.64.3.2")));
        Assert.False(addresses.Reserve(IPAddress.Parse("100.64.4.2")));
        Assert.False(addresses.Reserve(IPAddress.Parse("100.64.3.1")));
        Assert.Equal(1, addresses.InUse);
        Assert.Equal("100.64.3.3", addresses.Allocate()!.ToString());
    }

    [Fact]
    public void Releasing_an_address_that_is_not_held_or_not_in_range_changes_nothing()
    {
        var addresses = Slash24();
        addresses.Allocate();

        addresses.Release(IPAddress.Parse("100.64.3.9"));
        addresses.Release(IPAddress.Parse("10.0.0.1"));
        addresses.Release(IPAddress.IPv6Loopback);

        Assert.Equal(1, addresses.InUse);
    }

    [Theory]
    [InlineData("100.64.0.0/30", 1)]
    [InlineData("100.64.0.0/25", 125)]
    [InlineData("100.64.0.0/23", 509)]
    [InlineData("100.64.0.0/12", 65534)]
    public void Other_prefix_lengths_have_room_for_their_hosts(string range, int capacity)
    {
        Assert.Equal(capacity, new PodAddresses(Ipv4Cidr.Parse(range)).Capacity);
    }

    [Fact]
    public void A_range_smaller_than_a_slash30_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PodAddresses(Ipv4Cidr.Parse("100.64.0.0/31")));
    }
}
