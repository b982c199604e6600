using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.Api.Tests.Gateway;

/// <summary>
/// Bodies that repeat a key: refused with 400 under fieldValidation=Strict, let through with a Warning
/// under Warn (the default) and silently under Ignore, the last value counting; never a 500.
/// </summary>
public sealed class GatewayDuplicateKeyTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Repeating = """{"metadata":{"name":"first","name":"dup"},"data":{"k":"a","k":"b"},"dataa":{}}""";
    private GatewayFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await GatewayFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task A_create_repeating_keys_under_Strict_is_a_bad_request_naming_each_field()
    {
        var (status, warnings, body) = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Strict", Repeating);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: duplicate field \"metadata.name\", duplicate field \"data.k\", unknown field \"dataa\"",
            body["message"]!.GetValue<string>());
        Assert.Empty(warnings);
        Assert.Equal(HttpStatusCode.NotFound, (await _fixture.SendAsync(HttpMethod.Get, ConfigMaps + "/dup")).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?fieldValidation=Warn")]
    public async Task A_create_repeating_keys_under_Warn_keeps_the_last_value_and_warns(string query)
    {
        var (status, warnings, body) = await SendAsync(HttpMethod.Post, ConfigMaps + query, Repeating);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("dup", body["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("b", body["data"]!["k"]!.GetValue<string>());
        Assert.Equal(
            ["299 - \"duplicate field \\\"metadata.name\\\"\"", "299 - \"duplicate field \\\"data.k\\\"\"", "299 - \"unknown field \\\"dataa\\\"\""],
            warnings);
    }

    [Fact]
    public async Task A_create_repeating_keys_under_Ignore_says_nothing()
    {
        var (status, warnings, body) = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Ignore", Repeating);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("b", body["data"]!["k"]!.GetValue<string>());
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task Updates_and_patches_repeating_keys_are_judged_alike()
    {
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"cm"}}""")).Status);

        var (status, _, body) = await SendAsync(HttpMethod.Put, ConfigMaps + "/cm?fieldValidation=Strict", """{"metadata":{"name":"cm"},"data":{"k":"a","k":"b"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith("strict decoding error: duplicate field \"data.k\"", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        (status, var warnings, body) = await SendAsync(HttpMethod.Put, ConfigMaps + "/cm", """{"metadata":{"name":"cm"},"data":{"k":"a","k":"b"}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("b", body["data"]!["k"]!.GetValue<string>());
        Assert.Equal(["299 - \"duplicate field \\\"data.k\\\"\""], warnings);

        // A merge patch: its repeated keys, then its unknown fields.
        (status, _, body) = await SendAsync(HttpMethod.Patch, ConfigMaps + "/cm?fieldValidation=Strict", """{"dataa":1,"data":{"k":"c","k":"d"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("strict decoding error: duplicate field \"data.k\", unknown field \"dataa\"", body["message"]!.GetValue<string>());
        (status, warnings, body) = await SendAsync(HttpMethod.Patch, ConfigMaps + "/cm", """{"data":{"k":"c","k":"d"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("d", body["data"]!["k"]!.GetValue<string>());
        Assert.Equal(["299 - \"duplicate field \\\"data.k\\\"\""], warnings);

        // A JSON patch: keys repeated within an operation.
        (status, _, body) = await SendAsync(HttpMethod.Patch, ConfigMaps + "/cm?fieldValidation=Strict", """[{"op":"add","path":"/data/x","path":"/data/y","value":"v"}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("strict decoding error: json patch duplicate field \"[0].path\"", body["message"]!.GetValue<string>());
        (status, warnings, body) = await SendAsync(HttpMethod.Patch, ConfigMaps + "/cm", """[{"op":"add","path":"/data/x","path":"/data/y","value":"v"}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("v", body["data"]!["y"]!.GetValue<string>());
        Assert.Equal(["299 - \"json patch duplicate field \\\"[0].path\\\"\""], warnings);

        // Delete options: the last value counts, and nothing breaks.
        (status, _, _) = await SendAsync(HttpMethod.Delete, ConfigMaps + "/cm", """{"gracePeriodSeconds":5,"gracePeriodSeconds":0}""");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\",\n  \"metadata\": {\"name\": \"applied\"},\n  \"data\": {\"k\": \"a\",\n    \"k\": \"b\"}\n}")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: a\n  k: b\n")]
    public async Task An_apply_configuration_repeating_keys_is_judged_as_YAML_by_line(string config)
    {
        // Kubernetes reads every apply body, JSON included, as YAML: its repeated keys are named by line.
        const string path = ConfigMaps + "/applied?fieldManager=tester";
        var line = config.StartsWith('{') ? 6 : 7;
        var (status, _, body) = await SendAsync(HttpMethod.Patch, path + "&fieldValidation=Strict", config, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            $"error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line {line}: key \"k\" already set in map",
            body["message"]!.GetValue<string>());

        (status, var warnings, body) = await SendAsync(HttpMethod.Patch, path, config, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("b", body["data"]!["k"]!.GetValue<string>());
        Assert.Equal([$"299 - \"line {line}: key \\\"k\\\" already set in map\""], warnings);

        (status, warnings, _) = await SendAsync(HttpMethod.Patch, path + "&fieldValidation=Ignore", config, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(warnings);
    }

    private async Task<(HttpStatusCode Status, string[] Warnings, JsonObject Body)> SendAsync(HttpMethod method, string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _fixture.Client.SendAsync(request);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToArray() : [];
        return (response.StatusCode, warnings, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
