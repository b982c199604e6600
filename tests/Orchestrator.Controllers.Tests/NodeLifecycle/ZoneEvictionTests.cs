using Microsoft.Extensions.Time.Testing;
using Orchestrator.Controllers.NodeLifecycle;
using Xunit;

namespace Orchestrator.Controllers.Tests.NodeLifecycle;

/// <summary>Kubernetes' zone states and the per-zone eviction rate they set.</summary>
public sealed class ZoneEvictionTests
{
    [Theory]
    [InlineData(10, 0, ZoneState.Normal)]
    [InlineData(8, 2, ZoneState.Normal)]
    [InlineData(2, 2, ZoneState.Normal)]
    [InlineData(1, 2, ZoneState.Normal)]
    [InlineData(2, 3, ZoneState.PartialDisruption)]
    [InlineData(45, 55, ZoneState.PartialDisruption)]
    [InlineData(46, 54, ZoneState.Normal)]
    [InlineData(0, 1, ZoneState.FullDisruption)]
    [InlineData(0, 7, ZoneState.FullDisruption)]
    public void A_zone_is_partially_disrupted_with_more_than_two_and_55_percent_of_its_nodes_down_and_fully_with_none_ready(int ready, int notReady, ZoneState expected) =>
        Assert.Equal(expected, ZoneStates.Compute(ready, notReady, 0.55));

    [Fact]
    public void The_limiter_lets_one_node_through_then_one_per_period_of_the_rate_and_none_at_rate_zero()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new EvictionLimiter(0.1, clock);

        Assert.True(limiter.TryAccept());
        Assert.False(limiter.TryAccept());
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(limiter.TryAccept());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAccept());

        // A large zone mostly down: the secondary rate.
        limiter.SetRate(0.01);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(limiter.TryAccept());
        clock.Advance(TimeSpan.FromSeconds(91));
        Assert.True(limiter.TryAccept());

        // Stopped, then started again with a token at once.
        limiter.SetRate(0);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(limiter.TryAccept());
        limiter.SetRate(0.1);
        Assert.True(limiter.TryAccept());
        Assert.False(limiter.TryAccept());
    }
}
