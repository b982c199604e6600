using System.Text.Json.Nodes;
using Orchestrator.Model.OpenApi;
using Xunit;

namespace Orchestrator.Model.Tests.OpenApi;

public class OpenApiV2Tests
{
    private static readonly JsonObject Document = OpenApiV2.Build(SampleResources.All);

    private static JsonObject Definitions => Document["definitions"]!.AsObject();

    private static JsonObject Paths => Document["paths"]!.AsObject();

    [Fact]
    public void Document_is_swagger_2_with_bearer_token_security()
    {
        Assert.Equal("2.0", (string?)Document["swagger"]);
        Assert.Equal("Kubernetes", (string?)Document["info"]!["title"]);
        Assert.Equal("v1.32.0", (string?)Document["info"]!["version"]);
        Assert.Equal("apiKey", (string?)Document["securityDefinitions"]!["BearerToken"]!["type"]);
        Assert.NotNull(Document["security"]![0]!["BearerToken"]);
        Assert.NotNull(JsonNode.Parse(OpenApiContent.ToUtf8(Document)));
    }

    [Fact]
    public void Kinds_carry_apiVersion_kind_and_their_group_version_kind()
    {
        var pod = Definitions["io.k8s.api.core.v1.Pod"]!;
        Assert.Equal("object", (string?)pod["type"]);
        Assert.Equal("string", (string?)pod["properties"]!["apiVersion"]!["type"]);
        Assert.Equal("string", (string?)pod["properties"]!["kind"]!["type"]);
        Assert.Equal("#/definitions/io.k8s.api.core.v1.PodSpec", (string?)pod["properties"]!["spec"]!["$ref"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"group":"","kind":"Pod","version":"v1"}]"""),
            pod["x-kubernetes-group-version-kind"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"group":"apps","kind":"Deployment","version":"v1"}]"""),
            Definitions["io.k8s.api.apps.v1.Deployment"]!["x-kubernetes-group-version-kind"]));
        Assert.Null(Definitions["io.k8s.api.core.v1.PodSpec"]!["x-kubernetes-group-version-kind"]);
        Assert.Null(Definitions["io.k8s.api.core.v1.PodSpec"]!["properties"]!["kind"]);
    }

    [Fact]
    public void Every_reference_resolves_and_every_definition_is_reached()
    {
        var references = JsonWalk.References(Document).ToHashSet();

        Assert.All(references, r => Assert.StartsWith("#/definitions/", r, StringComparison.Ordinal));
        Assert.All(references, r => Assert.True(Definitions.ContainsKey(r["#/definitions/".Length..]), $"{r} does not resolve"));
        Assert.All(Definitions, d => Assert.Contains("#/definitions/" + d.Key, references));
        Assert.Equal(Definitions.Select(d => d.Key).Order(StringComparer.Ordinal), Definitions.Select(d => d.Key));
    }

    [Fact]
    public void Reachable_messages_and_well_known_types_are_defined()
    {
        foreach (var name in (string[])[
            "io.k8s.api.core.v1.PodList", "io.k8s.api.core.v1.Container", "io.k8s.api.core.v1.Probe",
            "io.k8s.api.apps.v1.DeploymentList", "io.k8s.api.autoscaling.v1.Scale", "io.k8s.api.core.v1.Binding",
            "io.k8s.api.policy.v1.Eviction", "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
            "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
            "io.k8s.api.rbac.v1.ClusterRole"])
        {
            Assert.True(Definitions.ContainsKey(name), name);
        }

        Assert.Equal("string", (string?)Definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"]!["type"]);
        var intOrString = Definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!;
        Assert.Equal("int-or-string", (string?)intOrString["format"]);
        Assert.True((bool)intOrString["x-kubernetes-int-or-string"]!);
        Assert.Equal("date-time", (string?)Definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]!["format"]);
        Assert.Equal("object", (string?)Definitions["io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1"]!["type"]);
        Assert.DoesNotContain(Definitions, d => d.Key.Contains("Widget", StringComparison.Ordinal));
    }

    [Fact]
    public void Fields_are_typed_as_Kubernetes_writes_them()
    {
        var container = Definitions["io.k8s.api.core.v1.Container"]!["properties"]!;
        Assert.Equal("string", (string?)container["image"]!["type"]);
        Assert.Equal("array", (string?)container["args"]!["type"]);
        Assert.Equal("string", (string?)container["args"]!["items"]!["type"]);
        Assert.Equal("#/definitions/io.k8s.api.core.v1.ContainerPort", (string?)container["ports"]!["items"]!["$ref"]);
        Assert.False(string.IsNullOrEmpty((string?)container["ports"]!["description"]));

        var limits = Definitions["io.k8s.api.core.v1.ResourceRequirements"]!["properties"]!["limits"]!;
        Assert.Equal("object", (string?)limits["type"]);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity", (string?)limits["additionalProperties"]!["$ref"]);

        var meta = Definitions["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!;
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time", (string?)meta["creationTimestamp"]!["$ref"]);
        Assert.Equal("string", (string?)meta["labels"]!["additionalProperties"]!["type"]);
        Assert.Equal("int64", (string?)meta["generation"]!["format"]);
        Assert.Equal("int32", (string?)Definitions["io.k8s.api.core.v1.ContainerPort"]!["properties"]!["containerPort"]!["format"]);
    }

    [Fact]
    public void Inline_members_are_flattened_into_their_parent_with_their_required_fields()
    {
        var probe = Definitions["io.k8s.api.core.v1.Probe"]!["properties"]!.AsObject();
        Assert.Contains("httpGet", probe.Select(p => p.Key));
        Assert.Contains("initialDelaySeconds", probe.Select(p => p.Key));
        Assert.DoesNotContain("", probe.Select(p => p.Key));

        var volume = Definitions["io.k8s.api.core.v1.Volume"]!;
        Assert.Contains("configMap", volume["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("name", volume["required"]!.AsArray().Select(n => (string?)n));

        Assert.Contains("name", Definitions["io.k8s.api.core.v1.Container"]!["required"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Merging_lists_carry_their_patch_strategy_and_merge_key()
    {
        var podSpec = Definitions["io.k8s.api.core.v1.PodSpec"]!["properties"]!;
        Assert.Equal("name", (string?)podSpec["containers"]!["x-kubernetes-patch-merge-key"]);
        Assert.Equal("merge", (string?)podSpec["containers"]!["x-kubernetes-patch-strategy"]);
        Assert.Equal("name", (string?)podSpec["volumes"]!["x-kubernetes-patch-merge-key"]);
        Assert.Null(podSpec["tolerations"]!["x-kubernetes-patch-strategy"]);

        var container = Definitions["io.k8s.api.core.v1.Container"]!["properties"]!;
        Assert.Equal("containerPort", (string?)container["ports"]!["x-kubernetes-patch-merge-key"]);
        Assert.Equal("mountPath", (string?)container["volumeMounts"]!["x-kubernetes-patch-merge-key"]);

        var finalizers = Definitions["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["finalizers"]!;
        Assert.Equal("merge", (string?)finalizers["x-kubernetes-patch-strategy"]);
        Assert.Null(finalizers["x-kubernetes-patch-merge-key"]);

        Assert.Equal("type", (string?)Definitions["io.k8s.api.apps.v1.DeploymentStatus"]!["properties"]!["conditions"]!["x-kubernetes-patch-merge-key"]);
    }

    [Fact]
    public void Namespaced_kinds_get_collection_object_and_all_namespaces_paths()
    {
        var collection = Paths["/api/v1/namespaces/{namespace}/pods"]!;
        AssertOperation(collection["get"], "listCoreV1NamespacedPod", "list", "", "v1", "Pod");
        AssertOperation(collection["post"], "createCoreV1NamespacedPod", "post", "", "v1", "Pod");
        AssertOperation(collection["delete"], "deleteCoreV1CollectionNamespacedPod", "deletecollection", "", "v1", "Pod");
        Assert.Equal(["namespace", "pretty"], ParameterNames(collection["parameters"]));
        Assert.Equal("#/definitions/io.k8s.api.core.v1.PodList", (string?)collection["get"]!["responses"]!["200"]!["schema"]!["$ref"]);
        Assert.Contains("watch", ParameterNames(collection["get"]!["parameters"]));
        Assert.Contains("labelSelector", ParameterNames(collection["get"]!["parameters"]));

        var item = Paths["/api/v1/namespaces/{namespace}/pods/{name}"]!;
        AssertOperation(item["get"], "readCoreV1NamespacedPod", "get", "", "v1", "Pod");
        AssertOperation(item["put"], "replaceCoreV1NamespacedPod", "put", "", "v1", "Pod");
        AssertOperation(item["patch"], "patchCoreV1NamespacedPod", "patch", "", "v1", "Pod");
        AssertOperation(item["delete"], "deleteCoreV1NamespacedPod", "delete", "", "v1", "Pod");
        Assert.Equal(["name", "namespace", "pretty"], ParameterNames(item["parameters"]));
        Assert.Equal(["core_v1"], item["get"]!["tags"]!.AsArray().Select(t => (string?)t));

        AssertOperation(Paths["/api/v1/pods"]!["get"], "listCoreV1PodForAllNamespaces", "list", "", "v1", "Pod");
        Assert.Null(Paths["/api/v1/namespaces"]!["parameters"]!.AsArray().FirstOrDefault(p => (string?)p!["name"] == "namespace"));
    }

    [Fact]
    public void Write_operations_list_fieldValidation_dryRun_and_fieldManager_with_a_body()
    {
        var item = Paths["/api/v1/namespaces/{namespace}/pods/{name}"]!;
        foreach (var operation in new[] { Paths["/api/v1/namespaces/{namespace}/pods"]!["post"], item["put"], item["patch"] })
        {
            var names = ParameterNames(operation!["parameters"]);
            Assert.Contains("fieldValidation", names);
            Assert.Contains("dryRun", names);
            Assert.Contains("fieldManager", names);
            var body = operation["parameters"]!.AsArray().Single(p => (string?)p!["in"] == "body")!;
            Assert.True((bool)body["required"]!);
        }

        var fieldValidation = item["patch"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "fieldValidation")!;
        Assert.Equal("query", (string?)fieldValidation["in"]);
        Assert.Equal("string", (string?)fieldValidation["type"]);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", (string?)item["patch"]!["parameters"]![0]!["schema"]!["$ref"]);
        Assert.Equal(
            ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"],
            item["patch"]!["consumes"]!.AsArray().Select(c => (string?)c));
        Assert.Null(item["get"]!["parameters"]);
        Assert.Null(item["delete"]!["parameters"]!.AsArray().Single(p => (string?)p!["in"] == "body")!["required"]);
    }

    [Fact]
    public void Subresources_have_their_own_paths_and_kinds()
    {
        var status = Paths["/api/v1/namespaces/{namespace}/pods/{name}/status"]!;
        AssertOperation(status["get"], "readCoreV1NamespacedPodStatus", "get", "", "v1", "Pod");
        AssertOperation(status["patch"], "patchCoreV1NamespacedPodStatus", "patch", "", "v1", "Pod");

        var scale = Paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]!;
        AssertOperation(scale["put"], "replaceAppsV1NamespacedDeploymentScale", "put", "autoscaling", "v1", "Scale");
        AssertOperation(scale["patch"], "patchAppsV1NamespacedDeploymentScale", "patch", "autoscaling", "v1", "Scale");
        Assert.Contains("fieldValidation", ParameterNames(scale["patch"]!["parameters"]));

        AssertOperation(Paths["/api/v1/namespaces/{namespace}/pods/{name}/binding"]!["post"], "createCoreV1NamespacedPodBinding", "post", "", "v1", "Binding");
        AssertOperation(Paths["/api/v1/namespaces/{namespace}/pods/{name}/eviction"]!["post"], "createCoreV1NamespacedPodEviction", "post", "policy", "v1", "Eviction");
        var token = Paths["/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token"]!;
        AssertOperation(token["post"], "createCoreV1NamespacedServiceAccountToken", "post", "authentication.k8s.io", "v1", "TokenRequest");
        Assert.Equal("create token of a ServiceAccount", (string?)token["post"]!["description"]);
        Assert.Equal(["post"], token.AsObject().Select(p => p.Key).Where(k => k != "parameters"));
        AssertOperation(Paths["/api/v1/namespaces/{name}/status"]!["put"], "replaceCoreV1NamespaceStatus", "put", "", "v1", "Namespace");
        Assert.False(Paths.ContainsKey("/api/v1/namespaces/{namespace}/configmaps/{name}/status"));
    }

    [Fact]
    public void Cluster_scoped_kinds_and_other_groups_are_named_like_Kubernetes()
    {
        AssertOperation(Paths["/api/v1/nodes/{name}"]!["get"], "readCoreV1Node", "get", "", "v1", "Node");
        AssertOperation(Paths["/api/v1/nodes"]!["delete"], "deleteCoreV1CollectionNode", "deletecollection", "", "v1", "Node");
        var roles = Paths["/apis/rbac.authorization.k8s.io/v1/clusterroles"]!["get"]!;
        AssertOperation(roles, "listRbacAuthorizationV1ClusterRole", "list", "rbac.authorization.k8s.io", "v1", "ClusterRole");
        Assert.Equal("rbacAuthorization_v1", (string?)roles["tags"]![0]);
        AssertOperation(Paths["/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases"]!["post"], "createCoordinationV1NamespacedLease", "post", "coordination.k8s.io", "v1", "Lease");
        Assert.DoesNotContain(Paths, p => p.Key.Contains("widgets", StringComparison.Ordinal));
    }

    [Fact]
    public void Strategic_merge_patch_is_offered_only_for_kinds_the_server_merges()
    {
        var resources = new OpenApiResource[] { new("", "v1", "Binding", "bindings", true) };
        var document = OpenApiV2.Build(resources);
        var consumes = document["paths"]!["/api/v1/namespaces/{namespace}/bindings/{name}"]!["patch"]!["consumes"]!.AsArray().Select(c => (string?)c);

        Assert.DoesNotContain("application/strategic-merge-patch+json", consumes);
    }

    [Fact]
    public void A_kind_without_a_list_message_gets_a_standard_list_definition()
    {
        var document = OpenApiV2.Build([new OpenApiResource("", "v1", "Binding", "bindings", true)]);
        var list = document["definitions"]!["io.k8s.api.core.v1.BindingList"]!;

        Assert.Equal("#/definitions/io.k8s.api.core.v1.Binding", (string?)list["properties"]!["items"]!["items"]!["$ref"]);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta", (string?)list["properties"]!["metadata"]!["$ref"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"group":"","kind":"BindingList","version":"v1"}]"""), list["x-kubernetes-group-version-kind"]));
    }

    [Fact]
    public void Without_server_side_field_validation_no_operation_lists_it()
    {
        var document = OpenApiV2.Build(SampleResources.All, new OpenApiOptions { FieldValidation = false });
        var names = JsonWalk.Objects(document["paths"]).Where(o => o["in"] is not null).Select(o => (string?)o["name"]).ToHashSet();

        Assert.DoesNotContain("fieldValidation", names);
        Assert.Contains("dryRun", names);
    }

    [Fact]
    public void Building_twice_gives_the_same_bytes()
    {
        var again = OpenApiV2.Build(SampleResources.All);

        Assert.Equal(OpenApiContent.ToUtf8(Document), OpenApiContent.ToUtf8(again));
    }

    private static void AssertOperation(JsonNode? operation, string id, string action, string group, string version, string kind)
    {
        Assert.NotNull(operation);
        Assert.Equal(id, (string?)operation["operationId"]);
        Assert.Equal(action, (string?)operation["x-kubernetes-action"]);
        Assert.True(
            JsonNode.DeepEquals(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version }, operation["x-kubernetes-group-version-kind"]),
            $"{id}: {operation["x-kubernetes-group-version-kind"]?.ToJsonString()}");
        Assert.Equal("Unauthorized", (string?)operation["responses"]!["401"]!["description"]);
    }

    private static List<string?> ParameterNames(JsonNode? parameters) =>
        [.. parameters!.AsArray().Where(p => (string?)p!["in"] != "body").Select(p => (string?)p!["name"])];
}
