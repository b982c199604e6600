using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A corpus of bad requests against the real process: each gets its Kubernetes status code and a
/// Status body, none is a 500, the process survives them all and nothing of them is stored.
/// </summary>
public sealed class BadInputTests : IClassFixture<ClusterFixture>
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private readonly ClusterProcess _cluster;

    public BadInputTests(ClusterFixture fixture) => _cluster = fixture.Cluster;

    public static TheoryData<string, string, string, string, int> Corpus => new()
    {
        { "malformed JSON", "POST", ConfigMaps, """{"metadata":""", 400 },
        { "repeated keys under Strict", "POST", ConfigMaps + "?fieldValidation=Strict", """{"metadata":{"name":"x","name":"y"}}""", 400 },
        { "not an object", "POST", ConfigMaps, """[1,2,3]""", 400 },
        { "empty body", "POST", ConfigMaps, "", 400 },
        { "wrong kind", "POST", Pods, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""", 400 },
        { "wrong apiVersion", "POST", ConfigMaps, """{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"}}""", 400 },
        { "namespace mismatch", "POST", ConfigMaps, """{"metadata":{"name":"x","namespace":"other"}}""", 400 },
        { "invalid name", "POST", ConfigMaps, """{"metadata":{"name":"Bad_Name"}}""", 422 },
        { "name too long", "POST", ConfigMaps, "{\"metadata\":{\"name\":\"" + new string('a', 300) + "\"}}", 422 },
        { "no name", "POST", ConfigMaps, """{"metadata":{}}""", 422 },
        { "invalid label key", "POST", ConfigMaps, """{"metadata":{"name":"x","labels":{"-bad-":"v"}}}""", 422 },
        { "invalid label value", "POST", ConfigMaps, """{"metadata":{"name":"x","labels":{"k":"has space"}}}""", 422 },
        { "pod without containers", "POST", Pods, """{"metadata":{"name":"p"},"spec":{"containers":[]}}""", 422 },
        { "duplicate container names", "POST", Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"},{"name":"c","image":"i"}]}}""", 422 },
        { "container without image", "POST", Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]}}""", 422 },
        { "negative quantity", "POST", Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":"-1"}}}]}}""", 422 },
        { "unparseable quantity", "POST", Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"memory":"lots"}}}]}}""", 400 },
        { "quantity with an exponent beyond any", "POST", Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":1e99999999999}}}]}}""", 400 },
        { "missing namespace", "POST", "/api/v1/namespaces/missing/configmaps", """{"metadata":{"name":"x"}}""", 404 },
        { "unknown resource", "GET", "/api/v1/namespaces/default/widgets", "", 404 },
        { "unknown group", "GET", "/apis/example.com/v1/things", "", 404 },
        { "missing object", "GET", ConfigMaps + "/missing", "", 404 },
        { "update of a missing object", "PUT", ConfigMaps + "/missing", """{"metadata":{"name":"missing"}}""", 404 },
        { "name mismatch on update", "PUT", ConfigMaps + "/a", """{"metadata":{"name":"b"}}""", 400 },
        { "unparseable resourceVersion on update", "PUT", ConfigMaps + "/a", """{"metadata":{"name":"a","resourceVersion":"abc"}}""", 400 },
        { "PUT on a collection", "PUT", ConfigMaps, """{"metadata":{"name":"x"}}""", 405 },
        { "create without a namespace", "POST", "/api/v1/configmaps", """{"metadata":{"name":"x","namespace":"default"}}""", 405 },
        { "bad label selector", "GET", ConfigMaps + "?labelSelector=a+in+(", "", 400 },
        { "unsupported field selector", "GET", ConfigMaps + "?fieldSelector=spec.nope%3Dx", "", 400 },
        { "bad resourceVersion", "GET", ConfigMaps + "?watch=true&resourceVersion=abc", "", 400 },
        { "bad limit", "GET", ConfigMaps + "?limit=-5", "", 400 },
        { "bad continue token", "GET", ConfigMaps + "?limit=1&continue=%%%", "", 400 },
        { "negative grace period", "DELETE", ConfigMaps + "/x?gracePeriodSeconds=-1", "", 400 },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Each_bad_request_gets_its_status(string what, string method, string path, string body, int expected)
    {
        var (status, answer) = await _cluster.SendAsync(new HttpMethod(method), path, body.Length == 0 && method is "GET" or "DELETE" ? null : body);
        Assert.True((int)status == expected, $"{what}: expected {expected}, got {(int)status} {answer?.ToJsonString()}");
        Assert.Equal("Status", answer!["kind"]!.GetValue<string>());
        Assert.Equal(expected, answer["code"]!.GetValue<int>());
        await AssertNothingStoredAndAliveAsync();
    }

    [Fact]
    public async Task Wrong_content_types_get_415()
    {
        var (status, _) = await _cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"x"}}""", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        (status, _) = await _cluster.SendAsync(HttpMethod.Patch, ConfigMaps + "/x", """{"data":{}}""", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        await AssertNothingStoredAndAliveAsync();
    }

    [Fact]
    public async Task A_body_over_three_MiB_gets_413()
    {
        var big = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + new string('x', 4 * 1024 * 1024) + "\"}}";
        var (status, answer) = await _cluster.SendAsync(HttpMethod.Post, ConfigMaps, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(413, answer!["code"]!.GetValue<int>());
        await AssertNothingStoredAndAliveAsync();
    }

    [Fact]
    public async Task Deep_nesting_and_invalid_UTF8_get_400()
    {
        var deep = "{\"metadata\":{\"name\":\"deep\"},\"data\":" + new string('[', 5000) + new string(']', 5000) + "}";
        var (status, _) = await _cluster.SendAsync(HttpMethod.Post, ConfigMaps, deep);
        Assert.Equal(HttpStatusCode.BadRequest, status);

        using var request = new HttpRequestMessage(HttpMethod.Post, ConfigMaps)
        {
            Content = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":\""), 0xff, 0xfe, .. Encoding.UTF8.GetBytes("\"}}")]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _cluster.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingStoredAndAliveAsync();
    }

    [Fact]
    public async Task A_failed_json_patch_changes_nothing()
    {
        var (created, obj) = await _cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"keep"},"data":{"a":"1"}}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var (status, _) = await _cluster.SendAsync(HttpMethod.Patch, ConfigMaps + "/keep",
            """[{"op":"replace","path":"/data/a","value":"2"},{"op":"test","path":"/data/a","value":"nope"}]""", "application/json-patch+json");
        Assert.Equal(422, (int)status);
        var (_, after) = await _cluster.SendAsync(HttpMethod.Get, ConfigMaps + "/keep");
        Assert.Equal("1", after!["data"]!["a"]!.GetValue<string>());
        Assert.Equal(obj!["metadata"]!["resourceVersion"]!.GetValue<string>(), after["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    private async Task AssertNothingStoredAndAliveAsync()
    {
        using var ready = await _cluster.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        foreach (var collection in (string[])[ConfigMaps, Pods])
        {
            var (_, list) = await _cluster.SendAsync(HttpMethod.Get, collection);
            // Nothing but what the test kept, and what the cluster puts in every namespace (the root CA).
            Assert.DoesNotContain(list!["items"]!.AsArray(), i => i!["metadata"]!["name"]!.GetValue<string>() is not ("keep" or "kube-root-ca.crt"));
        }

        Assert.DoesNotContain("Unhandled exception", _cluster.Output, StringComparison.Ordinal);
    }
}
