using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests;

public sealed class KubeClientRestTests
{
    private static readonly JsonObject Ok = new() { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success" };

    [Fact]
    public async Task Get_sends_the_bearer_token_and_returns_the_object()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "7", "ns1")));
        using var client = server.Client(token: "s3cret");

        var pod = await client.GetAsync(ResourceRef.Pods, "ns1", "p1");

        Assert.Equal("p1", pod["metadata"]!["name"]!.GetValue<string>());
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/namespaces/ns1/pods/p1", request.Path);
        Assert.Equal("Bearer s3cret", request.Authorization);
        Assert.Contains("application/json", request.Accept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paths_follow_group_scope_and_the_default_namespace()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("x", "1")));
        using var client = server.Client(configure: s => s with { Namespace = "team-a" });

        await client.GetAsync(ResourceRef.Nodes, "ignored", "node-1");
        await client.GetAsync(ResourceRef.Deployments, null, "web");
        await client.GetAsync(ResourceRef.Leases, "kube-node-lease", "node-1");
        await client.ListAsync(ResourceRef.Pods);
        await client.ListAsync(ResourceRef.Jobs, "batch-ns");

        Assert.Equal(
            [
                "/api/v1/nodes/node-1",
                "/apis/apps/v1/namespaces/team-a/deployments/web",
                "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1",
                "/api/v1/pods",
                "/apis/batch/v1/namespaces/batch-ns/jobs",
            ],
            server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task List_passes_its_options_and_returns_items_with_kind_revision_and_continue()
    {
        var list = new JsonObject
        {
            ["kind"] = "PodList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "42", ["continue"] = "next-page", ["remainingItemCount"] = 3 },
            ["items"] = new JsonArray(
                new JsonObject { ["metadata"] = new JsonObject { ["name"] = "a", ["resourceVersion"] = "40" } },
                new JsonObject { ["metadata"] = new JsonObject { ["name"] = "b", ["resourceVersion"] = "41" } }),
        };
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, list));
        using var client = server.Client();

        var result = await client.ListAsync(ResourceRef.Pods, "ns1", new ListOptions
        {
            LabelSelector = "app=web,tier in (front,back)",
            FieldSelector = "spec.nodeName=node-1",
            Limit = 2,
            Continue = "page-1",
            ResourceVersion = "0",
            ResourceVersionMatch = "NotOlderThan",
        });

        Assert.Equal("42", result.ResourceVersion);
        Assert.Equal("next-page", result.Continue);
        Assert.Equal(3, result.RemainingItemCount);
        Assert.Equal("PodList", result.Kind);
        Assert.Equal(["a", "b"], result.Items.Select(i => i["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(result.Items, item =>
        {
            Assert.Equal("Pod", item["kind"]!.GetValue<string>());
            Assert.Equal("v1", item["apiVersion"]!.GetValue<string>());
            Assert.Null(item.Parent);
        });

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v1/namespaces/ns1/pods", request.Path);
        Assert.Equal("app=web,tier in (front,back)", request.QueryValue("labelSelector"));
        Assert.Equal("spec.nodeName=node-1", request.QueryValue("fieldSelector"));
        Assert.Equal("2", request.QueryValue("limit"));
        Assert.Equal("page-1", request.QueryValue("continue"));
        Assert.Equal("0", request.QueryValue("resourceVersion"));
        Assert.Equal("NotOlderThan", request.QueryValue("resourceVersionMatch"));
        Assert.Null(request.QueryValue("watch"));
    }

    [Fact]
    public async Task Create_posts_json_to_the_objects_namespace_and_returns_the_stored_object()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, req) =>
        {
            var stored = JsonNode.Parse(req.Body)!.AsObject();
            stored["metadata"]!["resourceVersion"] = "5";
            return FakeApiServer.WriteJsonAsync(ctx, stored, 201);
        });
        using var client = server.Client();
        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "settings", ["namespace"] = "apps" },
            ["data"] = new JsonObject { ["key"] = "value" },
        };

        var created = await client.CreateAsync(ResourceRef.ConfigMaps, configMap);

        Assert.Equal("5", created["metadata"]!["resourceVersion"]!.GetValue<string>());
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/namespaces/apps/configmaps", request.Path);
        Assert.Equal("application/json", request.ContentType);
        Assert.True(JsonNode.DeepEquals(configMap, JsonNode.Parse(request.Body)));
    }

    [Fact]
    public async Task Create_subresource_posts_a_binding()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, Ok, 201));
        using var client = server.Client();
        var binding = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Binding",
            ["metadata"] = new JsonObject { ["name"] = "p1" },
            ["target"] = new JsonObject { ["kind"] = "Node", ["name"] = "node-1" },
        };

        await client.CreateSubresourceAsync(ResourceRef.Pods, "ns1", "p1", "binding", binding);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/v1/namespaces/ns1/pods/p1/binding"), (request.Method, request.Path));
        Assert.True(JsonNode.DeepEquals(binding, JsonNode.Parse(request.Body)));
    }

    [Fact]
    public async Task Update_and_update_status_put_to_the_object_and_its_status()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, req) => FakeApiServer.WriteJsonAsync(ctx, JsonNode.Parse(req.Body)!));
        using var client = server.Client();
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = "node-1", ["resourceVersion"] = "9" },
            ["status"] = new JsonObject { ["phase"] = "Running" },
        };

        await client.UpdateAsync(ResourceRef.Nodes, node);
        await client.UpdateStatusAsync(ResourceRef.Nodes, node);

        Assert.Equal(
            [("PUT", "/api/v1/nodes/node-1", "application/json"), ("PUT", "/api/v1/nodes/node-1/status", "application/json")],
            server.Requests.Select(r => (r.Method, r.Path, r.ContentType!)));
        Assert.All(server.Requests, r => Assert.True(JsonNode.DeepEquals(node, JsonNode.Parse(r.Body))));
    }

    [Fact]
    public async Task Update_of_an_object_without_a_name_is_refused_before_sending()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, Ok));
        using var client = server.Client();

        await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateAsync(ResourceRef.Pods, new JsonObject { ["metadata"] = new JsonObject() }));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(PatchType.Merge, "application/merge-patch+json", """{"metadata":{"labels":{"a":"b"}}}""")]
    [InlineData(PatchType.Json, "application/json-patch+json", """[{"op":"replace","path":"/spec/replicas","value":3}]""")]
    [InlineData(PatchType.StrategicMerge, "application/strategic-merge-patch+json", """{"spec":{"containers":[{"name":"c","image":"busybox"}]}}""")]
    public async Task Patch_sends_the_content_type_of_its_patch_type(PatchType type, string contentType, string patch)
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "8")));
        using var client = server.Client();

        var patched = await client.PatchAsync(ResourceRef.Deployments, "ns1", "web", type, JsonNode.Parse(patch)!);

        Assert.Equal("p1", patched["metadata"]!["name"]!.GetValue<string>());
        var request = Assert.Single(server.Requests);
        Assert.Equal(("PATCH", "/apis/apps/v1/namespaces/ns1/deployments/web"), (request.Method, request.Path));
        Assert.Equal(contentType, request.ContentType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(patch), JsonNode.Parse(request.Body)));
    }

    [Fact]
    public async Task Patch_can_target_a_subresource()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "8")));
        using var client = server.Client();

        await client.PatchAsync(ResourceRef.Pods, "ns1", "p1", PatchType.Merge, new JsonObject { ["status"] = new JsonObject { ["phase"] = "Running" } }, "status");

        Assert.Equal("/api/v1/namespaces/ns1/pods/p1/status", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Delete_sends_delete_options_in_the_body_and_the_query()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, Ok));
        using var client = server.Client();

        await client.DeleteAsync(ResourceRef.Pods, "ns1", "p1", new DeleteOptions
        {
            GracePeriodSeconds = 0,
            PropagationPolicy = "Foreground",
            PreconditionUid = "uid-1",
            PreconditionResourceVersion = "12",
        });

        var request = Assert.Single(server.Requests);
        Assert.Equal(("DELETE", "/api/v1/namespaces/ns1/pods/p1"), (request.Method, request.Path));
        Assert.Equal("0", request.QueryValue("gracePeriodSeconds"));
        Assert.Equal("Foreground", request.QueryValue("propagationPolicy"));
        var expected = JsonNode.Parse("""
            {"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,"propagationPolicy":"Foreground",
             "preconditions":{"uid":"uid-1","resourceVersion":"12"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(request.Body)), request.Body);
    }

    [Fact]
    public async Task Delete_without_options_sends_no_body()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "3")));
        using var client = server.Client();

        var answer = await client.DeleteAsync(ResourceRef.Pods, "ns1", "p1");

        Assert.Equal("p1", answer["metadata"]!["name"]!.GetValue<string>());
        var request = Assert.Single(server.Requests);
        Assert.Equal(string.Empty, request.Body);
        Assert.Null(request.QueryValue("gracePeriodSeconds"));
    }

    [Fact]
    public async Task Delete_collection_targets_the_collection_with_selectors()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, new JsonObject { ["kind"] = "PodList", ["items"] = new JsonArray() }));
        using var client = server.Client();

        await client.DeleteCollectionAsync(ResourceRef.Pods, "ns1", new ListOptions { LabelSelector = "app=web" }, new DeleteOptions { DryRun = true });

        var request = Assert.Single(server.Requests);
        Assert.Equal(("DELETE", "/api/v1/namespaces/ns1/pods"), (request.Method, request.Path));
        Assert.Equal("app=web", request.QueryValue("labelSelector"));
        Assert.Equal("All", request.QueryValue("dryRun"));
        Assert.Equal("All", JsonNode.Parse(request.Body)!["dryRun"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_status_error_becomes_a_KubeApiException_with_the_parsed_status()
    {
        var details = new JsonObject { ["name"] = "p1", ["kind"] = "pods" };
        await using var server = await FakeApiServer.StartAsync((ctx, _) =>
            FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(404, "NotFound", "pods \"p1\" not found", details), 404));
        using var client = server.Client();

        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(ResourceRef.Pods, "ns1", "p1"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NotFound", error.Reason);
        Assert.True(error.IsNotFound);
        Assert.Contains("pods \"p1\" not found", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Status);
        Assert.Equal(404, error.Status.Code);
        Assert.Equal("Failure", error.Status.Status);
        Assert.Equal("p1", error.Status.Details!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("AlreadyExists", true, false)]
    [InlineData("Conflict", false, true)]
    public async Task Conflicts_tell_already_exists_from_a_stale_write(string reason, bool alreadyExists, bool conflict)
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) =>
            FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(409, reason, "conflict"), 409));
        using var client = server.Client();

        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.CreateAsync(ResourceRef.Pods, FakeApiServer.Pod("p", "")));

        Assert.Equal((alreadyExists, conflict), (error.IsAlreadyExists, error.IsConflict));
    }

    [Fact]
    public async Task A_non_status_error_body_keeps_its_text_and_takes_the_reason_from_the_code()
    {
        await using var server = await FakeApiServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 503;
            await ctx.Response.WriteAsync("upstream connect error", ctx.RequestAborted);
        });
        using var client = server.Client();

        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.ListAsync(ResourceRef.Nodes));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("ServiceUnavailable", error.Reason);
        Assert.Null(error.Status);
        Assert.Equal("upstream connect error", error.ResponseBody);
        Assert.Contains("upstream connect error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRaw_returns_the_body_of_a_discovery_path()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, req) =>
            req.Path == "/version"
                ? FakeApiServer.WriteJsonAsync(ctx, new JsonObject { ["major"] = "1", ["minor"] = "33", ["gitVersion"] = "v1.33.0" })
                : FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(404, "NotFound", "no"), 404));
        using var client = server.Client();

        var body = await client.GetRawAsync("/version");

        Assert.Equal("v1.33.0", JsonNode.Parse(body)!["gitVersion"]!.GetValue<string>());
        await Assert.ThrowsAsync<KubeApiException>(() => client.GetRawAsync("/apis/unknown"));
    }

    [Fact]
    public async Task A_request_the_server_does_not_answer_in_time_throws_TimeoutException()
    {
        await using var server = await FakeApiServer.StartAsync(async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        using var client = server.Client(configure: s => s with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync(ResourceRef.Pods, "ns1", "p1"));
    }

    [Fact]
    public async Task Cancelling_a_request_throws_OperationCanceledException_not_a_timeout()
    {
        await using var server = await FakeApiServer.StartAsync(async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        using var client = server.Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(ResourceRef.Pods, "ns1", "p1", cts.Token));
    }
}
