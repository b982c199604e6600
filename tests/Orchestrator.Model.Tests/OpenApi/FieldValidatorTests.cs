using System.Text.Json.Nodes;
using Orchestrator.Model.Schema;
using Orchestrator.Model.Schema.Validation;
using Xunit;
using static Orchestrator.Model.Schema.FieldType;

namespace Orchestrator.Model.Tests.OpenApi;

public class FieldValidatorTests
{
    private static readonly MessageSchema Pod = KubeSchema.Find("v1", "Pod")!;

    private const string ValidPod = """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {
            "name": "web", "namespace": "default",
            "labels": {"app": "web", "any/label": "x"},
            "annotations": {"whatever.example.com/note": "free text"},
            "creationTimestamp": null,
            "managedFields": [{"manager": "kubectl", "operation": "Apply", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {}}}}}]
          },
          "spec": {
            "nodeSelector": {"disk": "ssd"},
            "containers": [
              {
                "name": "web", "image": "nginx",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "a"}}}],
                "resources": {"limits": {"cpu": "1", "example.com/gpu": "2"}},
                "livenessProbe": {"httpGet": {"path": "/", "port": "http"}, "periodSeconds": 5}
              }
            ],
            "volumes": [{"name": "config", "configMap": {"name": "cm"}}]
          },
          "status": {"phase": "Pending"}
        }
        """;

    [Fact]
    public void A_pod_with_only_known_fields_has_none_unknown()
    {
        Assert.Empty(FieldValidator.UnknownFields(Parse(ValidPod), Pod));
    }

    [Fact]
    public void Unknown_fields_are_found_at_every_depth_in_document_order()
    {
        var pod = Parse(ValidPod);
        pod["foo"] = 1;
        pod["metadata"]!["nmae"] = "typo";
        pod["spec"]!["containers"]![0]!["imagee"] = "nginx";
        pod["spec"]!["containers"]![0]!["ports"]![0]!["containerPortt"] = 80;
        pod["spec"]!["containers"]![0]!["env"]![0]!["valueFrom"]!["configMapKeyRef"]!["keyy"] = "a";
        pod["spec"]!["containers"]![0]!["livenessProbe"]!["httpGet"]!["pathh"] = "/";
        pod["spec"]!["volumes"]![0]!["configMap"]!["namee"] = "cm";
        pod["spec"]!["volumes"]![0]!["secrett"] = new JsonObject();
        pod["spec"]!["apiVersion"] = "v1";

        var unknown = FieldValidator.UnknownFields(pod, Pod);

        Assert.Equal(
            [
                "metadata.nmae",
                "spec.containers[0].ports[0].containerPortt",
                "spec.containers[0].env[0].valueFrom.configMapKeyRef.keyy",
                "spec.containers[0].livenessProbe.httpGet.pathh",
                "spec.containers[0].imagee",
                "spec.volumes[0].configMap.namee",
                "spec.volumes[0].secrett",
                "spec.apiVersion",
                "foo",
            ],
            unknown);
    }

    [Fact]
    public void Paths_read_as_Kubernetes_strict_decoding_error()
    {
        var deployment = Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
             "spec": {"selector": {"matchLabels": {"app": "d"}}, "template": {"metadata": {"labels": {"app": "d"}},
               "spec": {"initContainers": [{"name": "i", "image": "busybox", "restartPolicyy": "Always"}], "containers": [{"name": "c", "image": "nginx"}]}}}}
            """);

        var unknown = FieldValidator.UnknownFields(deployment, KubeSchema.Find("apps/v1", "Deployment")!);

        Assert.Equal(
            "strict decoding error: unknown field \"spec.template.spec.initContainers[0].restartPolicyy\"",
            FieldValidator.StrictDecodingError(unknown));
    }

    [Fact]
    public void Embedded_kinds_accept_apiVersion_and_kind()
    {
        var eviction = Parse("""
            {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "web"},
             "deleteOptions": {"apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0, "grace": 1}}
            """);

        Assert.Equal(["deleteOptions.grace"], FieldValidator.UnknownFields(eviction, KubeSchema.Find("policy/v1", "Eviction")!));
    }

    [Fact]
    public void Prune_drops_unknown_fields_in_place_and_keeps_the_rest()
    {
        var pod = Parse(ValidPod);
        pod["spec"]!["containers"]![0]!["imagee"] = "nginx";
        pod["bogus"] = new JsonObject { ["deep"] = 1 };
        var expected = Parse(ValidPod);

        var dropped = FieldValidator.Prune(pod, Pod);

        Assert.Equal(["spec.containers[0].imagee", "bogus"], dropped);
        Assert.True(JsonNode.DeepEquals(expected, pod), pod.ToJsonString());
        Assert.Empty(FieldValidator.UnknownFields(pod, Pod));
    }

    [Fact]
    public void Values_of_the_wrong_type_are_left_to_the_decoder()
    {
        var pod = Parse("""{"metadata": "x", "spec": {"containers": {"name": "c"}, "volumes": [1, null, {"name": "v", "emptyDirr": {}}]}}""");

        Assert.Equal(["spec.volumes[2].emptyDirr"], FieldValidator.UnknownFields(pod, Pod));
    }

    [Fact]
    public void Map_values_that_are_messages_are_checked_by_key()
    {
        var schema = new SchemaBuilder();
        schema.Message("test.Holder", "").Field(1, "items", MapOf(Ref("test.Item")), JsonPresence.OmitEmpty, "");
        schema.Message("test.Item", "").Field(1, "size", Int, JsonPresence.OmitEmpty, "");
        var holder = schema.Build().Message("test.Holder");

        var unknown = FieldValidator.UnknownFields(Parse("""{"items": {"a": {"size": 1}, "b": {"sise": 2}}}"""), holder);

        Assert.Equal(["items.b.sise"], unknown);
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
