using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Orchestrator.Api.OpenApi;
using Orchestrator.Model.OpenApi;
using Xunit;

namespace Orchestrator.Api.Tests.OpenApi;

public sealed class OpenApiEndpointsTests : IAsyncLifetime
{
    private OpenApiTestServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await OpenApiTestServer.StartAsync();
        _client = _server.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task V2_is_json_by_default_with_the_served_kinds()
    {
        using var response = await _client.GetAsync("/openapi/v2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("2.0", (string?)document["swagger"]);
        Assert.NotNull(document["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]);
        Assert.NotNull(document["paths"]!["/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases"]);
        Assert.NotNull(document["definitions"]!["io.k8s.api.core.v1.Pod"]);
        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.Contains("widgets", StringComparison.Ordinal));
        Assert.Equal($"\"{_server.Documents.V2Hash}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task V2_is_gnostic_protobuf_when_accept_asks_for_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        // The @ is not a valid token character, so add it as kubectl sends it, unparsed.
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(_server.Documents.V2Protobuf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(GnosticProtobuf.Encode(JsonNode.Parse(_server.Documents.V2Json)!.AsObject()), _server.Documents.V2Protobuf);
    }

    [Fact]
    public async Task V2_answers_not_modified_to_its_etag()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{_server.Documents.V2Hash}\""));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task V3_discovery_lists_each_group_version_by_hashed_url_and_the_url_serves_it_for_good()
    {
        var discovery = JsonNode.Parse(await _client.GetStringAsync("/openapi/v3"))!;
        var paths = discovery["paths"]!.AsObject();
        Assert.Contains("api/v1", paths.Select(p => p.Key));
        Assert.Contains("apis/coordination.k8s.io/v1", paths.Select(p => p.Key));
        Assert.DoesNotContain("apis/example.com/v1", paths.Select(p => p.Key));

        var url = (string)paths["api/v1"]!["serverRelativeURL"]!;
        Assert.True(_server.Documents.TryGetV3("api/v1", out var expected));
        Assert.Equal($"/openapi/v3/api/v1?hash={expected.Hash}", url);

        using var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, immutable", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Content.Headers.Expires);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(expected.Json, body);
        Assert.Equal("3.0.0", (string?)JsonNode.Parse(body)!["openapi"]);
    }

    [Theory]
    [InlineData("/openapi/v3/api/v1")]
    [InlineData("/openapi/v3/api/v1?hash=0123")]
    public async Task V3_without_the_current_hash_serves_the_current_document_uncached(string url)
    {
        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.True(_server.Documents.TryGetV3("api/v1", out var expected));
        Assert.Equal(expected.Json, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_group_version_is_a_not_found_status()
    {
        using var response = await _client.GetAsync("/openapi/v3/apis/example.com/v1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("NotFound", (string?)status["reason"]);
    }

    [Fact]
    public void Documents_cover_the_registry_types_that_have_a_schema()
    {
        var resources = OpenApiDocuments.Resources(OpenApiTestServer.Registry(), Orchestrator.Model.Schema.KubeSchema.Default);

        var pod = Assert.Single(resources, r => r.Kind == "Pod");
        Assert.Equal(ServedSubresources.Status | ServedSubresources.Binding | ServedSubresources.Eviction, pod.Subresources);
        Assert.Equal(ServedSubresources.Status | ServedSubresources.Scale, Assert.Single(resources, r => r.Kind == "Deployment").Subresources);
        Assert.Equal(ServedSubresources.None, Assert.Single(resources, r => r.Kind == "ConfigMap").Subresources);
        Assert.Equal(ServedSubresources.Token, Assert.Single(resources, r => r.Kind == "ServiceAccount").Subresources);
        Assert.DoesNotContain(resources, r => r.Kind == "Widget");
    }
}
