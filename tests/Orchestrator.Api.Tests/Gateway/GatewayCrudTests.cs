using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.Api.Tests.Gateway;

public sealed class GatewayCrudTests : IAsyncLifetime
{
    private GatewayFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await GatewayFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Create_get_update_patch_delete_a_configmap()
    {
        var (status, created) = await _fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","labels":{"app":"x"}},"data":{"a":"1"}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var rv1 = long.Parse(created["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(rv1 > 0);
        Assert.False(string.IsNullOrEmpty(created["metadata"]!["uid"]!.GetValue<string>()));
        Assert.Equal("default", created["metadata"]!["namespace"]!.GetValue<string>());

        var (getStatus, got) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/c1");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("1", got["data"]!["a"]!.GetValue<string>());

        got["data"]!["a"] = "2";
        var (putStatus, updated) = await _fixture.SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/c1", got.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, putStatus);
        Assert.Equal("2", updated["data"]!["a"]!.GetValue<string>());

        // The same stale object again: 409 Conflict.
        var (conflict, conflictBody) = await _fixture.SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps/c1", got.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal("Conflict", conflictBody["reason"]!.GetValue<string>());

        var (patchStatus, patched) = await _fixture.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/c1", """{"data":{"b":"3"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patchStatus);
        Assert.Equal("3", patched["data"]!["b"]!.GetValue<string>());
        Assert.Equal("2", patched["data"]!["a"]!.GetValue<string>());

        var (deleteStatus, _) = await _fixture.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/c1");
        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        var (gone, goneBody) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/c1");
        Assert.Equal(HttpStatusCode.NotFound, gone);
        Assert.Equal("configmaps \"c1\" not found", goneBody["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_twice_is_AlreadyExists()
    {
        const string body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"}}""";
        Assert.Equal(HttpStatusCode.Created, (await _fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body)).Status);
        var (status, error) = await _fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("AlreadyExists", error["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_filters_by_label_and_namespace()
    {
        for (var i = 0; i < 5; i++)
        {
            var parity = i % 2 == 0 ? "even" : "odd";
            await _fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"l" + i + "\",\"labels\":{\"parity\":\"" + parity + "\"}}}");
        }

        var (status, list) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?labelSelector=parity%3Deven");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ConfigMapList", list["kind"]!.GetValue<string>());
        Assert.Equal(["l0", "l2", "l4"], list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var (_, all) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/configmaps?limit=2");
        Assert.Equal(2, all["items"]!.AsArray().Count);
        var token = all["metadata"]!["continue"]!.GetValue<string>();
        var (_, next) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/configmaps?limit=10&continue=" + Uri.EscapeDataString(token));
        Assert.Equal(3, next["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_namespaced_list_holds_exactly_its_namespace_among_neighbours_that_sort_beside_it()
    {
        // "team-a" sorts between "team" and "team0" ('-' < '/' < '0'), the cases a key-range scan could get wrong.
        string[] namespaces = ["team", "team-a", "team0", "tea"];
        foreach (var ns in namespaces)
        {
            await _fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
            for (var i = 0; i < 3; i++)
            {
                await _fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{\"metadata\":{\"name\":\"" + ns + "-" + i + "\"}}");
            }
        }

        foreach (var ns in namespaces)
        {
            var (_, list) = await _fixture.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
            Assert.Equal([$"{ns}-0", $"{ns}-1", $"{ns}-2"], list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));

            // Page by page: the continue token resumes inside the namespace and the last page ends with it.
            var (_, first) = await _fixture.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=2");
            var token = first["metadata"]!["continue"]!.GetValue<string>();
            var (_, rest) = await _fixture.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=2&continue=" + Uri.EscapeDataString(token));
            Assert.Equal([$"{ns}-2"], rest["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            Assert.Null(rest["metadata"]!["continue"]);
        }
    }

    [Fact]
    public async Task Server_side_apply_takes_yaml_creates_then_merges_and_checks_its_input()
    {
        const string path = "/api/v1/namespaces/default/configmaps/applied?fieldManager=tester";
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  count: \"7\"\n  on: 'yes'\n";
        var (created, body) = await _fixture.SendAsync(HttpMethod.Patch, path, yaml, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"count":"7","on":"yes"}"""), body["data"]));
        Assert.Equal("tester", body["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());

        var (merged, after) = await _fixture.SendAsync(HttpMethod.Patch, path,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"},"data":{"count":"8"}}""", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, merged);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"count":"8"}"""), after["data"]));

        var (noManager, _) = await _fixture.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/applied", yaml, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, noManager);
        var (wrongKind, _) = await _fixture.SendAsync(HttpMethod.Patch, path, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"applied"}}""", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind);
        var (badYaml, status) = await _fixture.SendAsync(HttpMethod.Patch, path, "data: [unclosed", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, badYaml);
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        const string laughs = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
        var (bomb, _) = await _fixture.SendAsync(HttpMethod.Patch, path, laughs, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, bomb);
        var (duplicate, _) = await _fixture.SendAsync(HttpMethod.Patch, path + "&fieldValidation=Strict", "apiVersion: v1\napiVersion: v1\nkind: ConfigMap\n", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, duplicate);
        var (noNamespace, _) = await _fixture.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/missing/configmaps/applied?fieldManager=tester",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"}}""", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.NotFound, noNamespace);
    }

    [Fact]
    public async Task The_system_namespaces_may_not_be_deleted()
    {
        foreach (var ns in (string[])["default", "kube-system", "kube-public"])
        {
            var (status, body) = await _fixture.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/" + ns);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal($"namespaces \"{ns}\" is forbidden: this namespace may not be deleted", body["message"]!.GetValue<string>());
        }

        var (collection, _) = await _fixture.SendAsync(HttpMethod.Delete, "/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.Forbidden, collection);
        var (_, namespaces) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default");
        Assert.Null(namespaces["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task Requests_without_the_token_get_401()
    {
        using var anonymous = new HttpClient { BaseAddress = _fixture.Server.Address };
        var response = await anonymous.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        var verbose = await anonymous.GetStringAsync(new Uri("/livez?verbose", UriKind.Relative));
        Assert.Contains("[+]ping ok", verbose, StringComparison.Ordinal);
        Assert.EndsWith("livez check passed\n", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_namespaces_exist_and_discovery_lists_the_types()
    {
        var (_, namespaces) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces");
        Assert.Contains("kube-system", namespaces["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var (_, resources) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1");
        Assert.Contains("configmaps", resources["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        var (_, groups) = await _fixture.SendAsync(HttpMethod.Get, "/apis");
        Assert.Contains("coordination.k8s.io", groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_NotFound()
    {
        var (status, error) = await _fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nope/configmaps", """{"metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("namespaces \"nope\" not found", error["message"]!.GetValue<string>());
    }
}
