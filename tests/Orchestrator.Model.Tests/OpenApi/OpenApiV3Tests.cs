using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Model.OpenApi;
using Xunit;

namespace Orchestrator.Model.Tests.OpenApi;

public class OpenApiV3Tests
{
    private static readonly IReadOnlyDictionary<string, JsonObject> Documents = OpenApiV3.Build(SampleResources.All);

    private static JsonObject Core => Documents["api/v1"];

    private static JsonObject Schemas(string path) => Documents[path]["components"]!["schemas"]!.AsObject();

    [Fact]
    public void There_is_one_document_per_served_group_version()
    {
        Assert.Equal(["api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1", "apis/rbac.authorization.k8s.io/v1"], Documents.Keys);
        Assert.All(Documents.Values, d => Assert.Equal("3.0.0", (string?)d["openapi"]));
        Assert.All(Documents.Values, d => Assert.Equal("apiKey", (string?)d["components"]!["securitySchemes"]!["BearerToken"]!["type"]));
    }

    [Fact]
    public void Each_document_holds_its_own_paths_and_the_schemas_they_reach()
    {
        Assert.All(Core["paths"]!.AsObject(), p => Assert.StartsWith("/api/v1/", p.Key, StringComparison.Ordinal));
        Assert.All(Documents["apis/apps/v1"]["paths"]!.AsObject(), p => Assert.StartsWith("/apis/apps/v1/", p.Key, StringComparison.Ordinal));

        Assert.True(Schemas("api/v1").ContainsKey("io.k8s.api.core.v1.Pod"));
        Assert.True(Schemas("api/v1").ContainsKey("io.k8s.api.policy.v1.Eviction"));
        Assert.True(Schemas("api/v1").ContainsKey("io.k8s.api.authentication.v1.TokenRequest"));
        Assert.False(Schemas("api/v1").ContainsKey("io.k8s.api.apps.v1.Deployment"));
        Assert.True(Schemas("apis/apps/v1").ContainsKey("io.k8s.api.autoscaling.v1.Scale"));
        Assert.True(Schemas("apis/apps/v1").ContainsKey("io.k8s.api.core.v1.PodSpec"));
        Assert.False(Schemas("apis/apps/v1").ContainsKey("io.k8s.api.core.v1.Pod"));

        foreach (var (path, document) in Documents)
        {
            var schemas = Schemas(path);
            foreach (var reference in JsonWalk.References(document))
            {
                Assert.StartsWith("#/components/schemas/", reference, StringComparison.Ordinal);
                Assert.True(schemas.ContainsKey(reference["#/components/schemas/".Length..]), $"{path}: {reference} does not resolve");
            }
        }
    }

    [Fact]
    public void Described_references_are_wrapped_in_allOf_and_lists_keep_their_patch_directives()
    {
        var pod = Schemas("api/v1")["io.k8s.api.core.v1.Pod"]!;
        var spec = pod["properties"]!["spec"]!;
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.PodSpec", (string?)spec["allOf"]![0]!["$ref"]);
        Assert.False(string.IsNullOrEmpty((string?)spec["description"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"group":"","kind":"Pod","version":"v1"}]"""), pod["x-kubernetes-group-version-kind"]));

        var containers = Schemas("api/v1")["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("array", (string?)containers["type"]);
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Container", (string?)containers["items"]!["$ref"]);
        Assert.Equal("name", (string?)containers["x-kubernetes-patch-merge-key"]);
        Assert.Equal("merge", (string?)containers["x-kubernetes-patch-strategy"]);
    }

    [Fact]
    public void Operations_carry_kind_action_parameters_and_bodies()
    {
        var item = Core["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}"]!;
        var patch = item["patch"]!;
        Assert.Equal("patchCoreV1NamespacedPod", (string?)patch["operationId"]);
        Assert.Equal("patch", (string?)patch["x-kubernetes-action"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"","kind":"Pod","version":"v1"}"""), patch["x-kubernetes-group-version-kind"]));
        var fieldValidation = patch["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "fieldValidation")!;
        Assert.Equal("query", (string?)fieldValidation["in"]);
        Assert.Equal("string", (string?)fieldValidation["schema"]!["type"]);
        var content = patch["requestBody"]!["content"]!.AsObject();
        Assert.Contains("application/strategic-merge-patch+json", content.Select(c => c.Key));
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", (string?)content["application/merge-patch+json"]!["schema"]!["$ref"]);
        Assert.True((bool)patch["requestBody"]!["required"]!);
        Assert.Equal(
            "#/components/schemas/io.k8s.api.core.v1.Pod",
            (string?)item["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal(["name", "namespace", "pretty"], item["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.True((bool)item["parameters"]![0]!["required"]!);
        Assert.Equal("path", (string?)item["parameters"]![0]!["in"]);

        var scale = Documents["apis/apps/v1"]["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]!["patch"]!;
        Assert.Equal("autoscaling", (string?)scale["x-kubernetes-group-version-kind"]!["group"]);
    }

    [Fact]
    public void Discovery_points_at_each_document_by_its_hash()
    {
        var hashes = Documents.ToDictionary(d => d.Key, d => OpenApiContent.Hash(OpenApiContent.ToUtf8(d.Value)));

        var discovery = OpenApiV3.Discovery(hashes);

        var paths = discovery["paths"]!.AsObject();
        Assert.Equal(Documents.Keys, paths.Select(p => p.Key));
        Assert.Equal($"/openapi/v3/api/v1?hash={hashes["api/v1"]}", (string?)paths["api/v1"]!["serverRelativeURL"]);
        Assert.Equal($"/openapi/v3/apis/apps/v1?hash={hashes["apis/apps/v1"]}", (string?)paths["apis/apps/v1"]!["serverRelativeURL"]);
    }

    [Fact]
    public void The_hash_is_upper_case_hex_sha512_and_stable_across_builds()
    {
        Assert.Equal(
            "DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F",
            OpenApiContent.Hash("abc"u8));

        var again = OpenApiV3.Build(SampleResources.All);
        foreach (var (path, document) in Documents)
        {
            Assert.Equal(OpenApiContent.Hash(OpenApiContent.ToUtf8(document)), OpenApiContent.Hash(OpenApiContent.ToUtf8(again[path])));
        }

        Assert.NotEqual(OpenApiContent.Hash(OpenApiContent.ToUtf8(Core)), OpenApiContent.Hash(OpenApiContent.ToUtf8(Documents["apis/apps/v1"])));
        var withoutValidation = OpenApiV3.Build(SampleResources.All, new OpenApiOptions { FieldValidation = false });
        Assert.NotEqual(OpenApiContent.Hash(OpenApiContent.ToUtf8(Core)), OpenApiContent.Hash(OpenApiContent.ToUtf8(withoutValidation["api/v1"])));
    }

    [Fact]
    public void Serialized_documents_are_valid_readable_json()
    {
        var bytes = OpenApiContent.ToUtf8(Core);

        var parsed = JsonNode.Parse(bytes)!;
        Assert.True(JsonNode.DeepEquals(Core, parsed));
        Assert.DoesNotContain("\\u0027", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}
