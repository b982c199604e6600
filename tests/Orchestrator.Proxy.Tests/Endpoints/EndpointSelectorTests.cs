using System.Net;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Proxy.Endpoints;
using Xunit;

namespace Orchestrator.Proxy.Tests.Endpoints;

public sealed class EndpointSelectorTests
{
    private static readonly IPEndPoint A = IPEndPoint.Parse("100.64.0.2:8080");
    private static readonly IPEndPoint B = IPEndPoint.Parse("100.64.0.3:8080");
    private static readonly IPEndPoint C = IPEndPoint.Parse("100.64.0.4:8080");
    private static readonly IPAddress Client1 = IPAddress.Parse("100.64.0.9");
    private static readonly IPAddress Client2 = IPAddress.Parse("100.64.0.10");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void RoundRobinVisitsEveryEndpointInTurn()
    {
        var selector = Selector([A, B, C]);
        var picks = Enumerable.Range(0, 9).Select(_ => Pick(selector, Client1)).ToList();
        Assert.Equal([A, B, C, A, B, C, A, B, C], picks);
    }

    [Fact]
    public void NoEndpointsMeansNoPick()
    {
        var selector = Selector([]);
        Assert.False(selector.TryPick(Client1, null, out _));
    }

    [Fact]
    public void ClientIpAffinityKeepsAClientOnOneEndpointUntilItsTimeoutPasses()
    {
        var selector = Selector([A, B, C], TimeSpan.FromSeconds(60));
        var first = Pick(selector, Client1);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(first, Pick(selector, Client1)));
        Assert.NotEqual(first, Pick(selector, Client2));

        // Each use renews it: 50 s + 50 s after the first pick it still holds ...
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(first, Pick(selector, Client1));
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(first, Pick(selector, Client1));

        // ... and 61 s of silence ends it: the client takes its round-robin turn again.
        _time.Advance(TimeSpan.FromSeconds(61));
        var picks = Enumerable.Range(0, 2).Select(_ => { _time.Advance(TimeSpan.FromSeconds(61)); return Pick(selector, Client1); }).ToList();
        Assert.NotEqual(picks[0], picks[1]);
    }

    [Fact]
    public void AffinityToAnEndpointThatLeftMovesTheClient()
    {
        var selector = Selector([A, B, C], TimeSpan.FromSeconds(10800));
        var first = Pick(selector, Client1);
        selector.Snapshot = new EndpointSnapshot([.. new[] { A, B, C }.Where(e => !e.Equals(first))], TimeSpan.FromSeconds(10800));
        var second = Pick(selector, Client1);
        Assert.NotEqual(first, second);
        Assert.Equal(second, Pick(selector, Client1));
    }

    [Fact]
    public void AnEndpointThatRefusedIsSkippedUntilTheRetryPeriodPasses()
    {
        var selector = Selector([A, B, C]);
        selector.MarkRefused(B);
        var picks = Enumerable.Range(0, 6).Select(_ => Pick(selector, Client1)).ToList();
        Assert.DoesNotContain(B, picks);
        Assert.Contains(A, picks);
        Assert.Contains(C, picks);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Contains(B, Enumerable.Range(0, 3).Select(_ => Pick(selector, Client1)));
    }

    [Fact]
    public void WhenEveryEndpointRefusedTheyAreStillTriedButNeverTwiceForOneConnection()
    {
        var selector = Selector([A, B]);
        selector.MarkRefused(A);
        selector.MarkRefused(B);
        var tried = new HashSet<IPEndPoint>();
        Assert.True(selector.TryPick(Client1, tried, out var first));
        tried.Add(first);
        Assert.True(selector.TryPick(Client1, tried, out var second));
        tried.Add(second);
        Assert.NotEqual(first, second);
        Assert.False(selector.TryPick(Client1, tried, out _));
    }

    [Fact]
    public void AffinityIsNotKeptToARefusingEndpoint()
    {
        var selector = Selector([A, B], TimeSpan.FromSeconds(10800));
        var first = Pick(selector, Client1);
        selector.MarkRefused(first);
        var second = Pick(selector, Client1);
        Assert.NotEqual(first, second);
        Assert.Equal(second, Pick(selector, Client1));
    }

    [Fact]
    public void TurningAffinityOffForgetsEveryClient()
    {
        var selector = Selector([A, B], TimeSpan.FromSeconds(10800));
        Pick(selector, Client1);
        Pick(selector, Client2);
        Assert.Equal(2, selector.AffinityCount);
        selector.Snapshot = new EndpointSnapshot([A, B], null);
        Assert.Equal(0, selector.AffinityCount);
    }

    private EndpointSelector Selector(IReadOnlyList<IPEndPoint> endpoints, TimeSpan? affinity = null) =>
        new(TimeSpan.FromSeconds(5), _time) { Snapshot = new EndpointSnapshot(endpoints, affinity) };

    private static IPEndPoint Pick(EndpointSelector selector, IPAddress client)
    {
        Assert.True(selector.TryPick(client, null, out var endpoint));
        return endpoint;
    }
}
