using System.Net;
using Xunit;

namespace Orchestrator.Api.Tests.Gateway;

public sealed class GatewayLimitsTests
{
    [Fact]
    public async Task Requests_beyond_the_in_flight_limit_get_429_with_a_Status_and_Retry_After()
    {
        await using var fixture = await GatewayFixture.StartAsync(settings: new ApiSettings { MaxRequestsInFlight = 1 });

        // A list at a resourceVersion the cache has not reached waits (up to 3 s), holding the only slot.
        var waiting = fixture.Client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps?resourceVersion=999999", UriKind.Relative));
        await Task.Delay(300);
        using var refused = await fixture.Client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"code\":429", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var timedOut = await waiting;
        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        using var afterwards = await fixture.Client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task Watches_do_not_count_against_the_limit()
    {
        await using var fixture = await GatewayFixture.StartAsync(settings: new ApiSettings { MaxRequestsInFlight = 1 });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var watch = await fixture.Client.GetAsync(new Uri("/api/v1/namespaces?watch=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        using var list = await fixture.Client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative), cts.Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }
}
