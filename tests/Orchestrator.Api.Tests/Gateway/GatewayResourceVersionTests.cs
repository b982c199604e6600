using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Http;
using Xunit;

namespace Orchestrator.Api.Tests.Gateway;

/// <summary>resourceVersions a client should not send: unparseable ones, and ones from the future.</summary>
public sealed class GatewayResourceVersionTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private GatewayFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await GatewayFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData("abc", "invalid syntax")]
    [InlineData("-1", "invalid syntax")]
    [InlineData("1.5", "invalid syntax")]
    [InlineData(" 7", "invalid syntax")]
    [InlineData("99999999999999999999999", "value out of range")]
    public async Task An_update_with_an_unparseable_resourceVersion_is_a_bad_request(string resourceVersion, string why)
    {
        await CreateAsync("cm", "before");
        var (status, body) = await _fixture.SendAsync(HttpMethod.Put, ConfigMaps + "/cm",
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = "cm", ["resourceVersion"] = resourceVersion }, ["data"] = new JsonObject { ["k"] = "after" } }.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.Equal(
            $"invalid resource version: resourceVersion: Invalid value: \"{resourceVersion}\": strconv.ParseUint: parsing \"{resourceVersion}\": {why}",
            body["message"]!.GetValue<string>());
        Assert.Equal("before", await DataAsync("cm"));
    }

    [Fact]
    public async Task A_patch_carrying_an_unparseable_resourceVersion_is_a_bad_request()
    {
        await CreateAsync("cm", "before");
        var (status, body) = await _fixture.SendAsync(HttpMethod.Patch, ConfigMaps + "/cm", """{"metadata":{"resourceVersion":"abc"},"data":{"k":"after"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("invalid resource version: ", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("before", await DataAsync("cm"));
    }

    [Fact]
    public async Task An_update_with_resourceVersion_0_is_unconditional_and_a_stale_one_still_conflicts()
    {
        await CreateAsync("cm", "before");
        var (status, body) = await _fixture.SendAsync(HttpMethod.Put, ConfigMaps + "/cm", """{"metadata":{"name":"cm","resourceVersion":"0"},"data":{"k":"after"}}""");
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("after", await DataAsync("cm"));

        (status, body) = await _fixture.SendAsync(HttpMethod.Put, ConfigMaps + "/cm", """{"metadata":{"name":"cm","resourceVersion":"1"},"data":{"k":"stale"}}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Conflict", body["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("?watch=true&resourceVersion={0}")]
    [InlineData("?resourceVersion={0}")]
    [InlineData("?resourceVersion={0}&resourceVersionMatch=NotOlderThan")]
    [InlineData("/cm?resourceVersion={0}")]
    public async Task A_read_from_a_future_resourceVersion_waits_briefly_then_is_too_large(string query)
    {
        await CreateAsync("cm", "v");
        var current = await CurrentRevisionAsync();
        var future = current + 1000;
        var clock = Stopwatch.StartNew();
        using var response = await _fixture.Client.GetAsync(
            new Uri(ConfigMaps + string.Format(CultureInfo.InvariantCulture, query, future), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        clock.Stop();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.InRange(clock.Elapsed, ResourceVersions.BlockTimeout - TimeSpan.FromMilliseconds(200), ResourceVersions.BlockTimeout + TimeSpan.FromSeconds(5));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(504, status["code"]!.GetValue<int>());
        Assert.Equal("Timeout", status["reason"]!.GetValue<string>());
        Assert.Equal($"Timeout: Too large resource version: {future}, current: {current}", status["message"]!.GetValue<string>());
        Assert.Equal(1, status["details"]!["retryAfterSeconds"]!.GetValue<int>());
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("ResourceVersionTooLarge", cause["reason"]!.GetValue<string>());
        Assert.Equal("Too large resource version", cause["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_from_a_revision_reached_during_the_wait_starts_after_it()
    {
        var from = await CurrentRevisionAsync() + 1;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watch = _fixture.Client.GetAsync(new Uri($"{ConfigMaps}?watch=true&resourceVersion={from}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await Task.Delay(500);
        await CreateAsync("reaches-it", "v");
        await CreateAsync("after-it", "v");

        using var response = await watch;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var first = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        Assert.Equal("ADDED", first["type"]!.GetValue<string>());
        Assert.Equal("after-it", first["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    private async Task CreateAsync(string name, string value)
    {
        var (status, body) = await _fixture.SendAsync(HttpMethod.Post, ConfigMaps,
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["k"] = value } }.ToJsonString());
        Assert.True(status == HttpStatusCode.Created, body.ToJsonString());
    }

    private async Task<string?> DataAsync(string name)
    {
        var (_, body) = await _fixture.SendAsync(HttpMethod.Get, ConfigMaps + "/" + name);
        return body["data"]?["k"]?.GetValue<string>();
    }

    private async Task<long> CurrentRevisionAsync()
    {
        var (_, list) = await _fixture.SendAsync(HttpMethod.Get, ConfigMaps);
        return long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }
}
