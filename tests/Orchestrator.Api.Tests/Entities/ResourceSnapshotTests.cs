using System.Text.Json.Nodes;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Xunit;

namespace Orchestrator.Api.Tests.Entities;

public sealed class ResourceSnapshotTests
{
    private readonly ResourceRegistry _registry = BuiltInResources.Register(new ResourceRegistry());

    private ResourceType Pods => _registry.FindByKind("", "Pod")!;

    private static JsonObject Pod() => JsonNode.Parse("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","uid":"u-1","resourceVersion":"41","labels":{"app":"web"}},
         "spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox <1.36>"}]},"status":{"phase":"Running"}}
        """)!.AsObject();

    [Fact]
    public void The_json_at_a_revision_is_the_object_with_that_resourceVersion()
    {
        var pod = Pod();
        var snapshot = ResourceSnapshot.Of(Pods, pod);
        var expected = pod.DeepClone().AsObject();
        expected["metadata"]!["resourceVersion"] = "42";
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(snapshot.JsonAt(42))));
        Assert.Equal("41", pod["metadata"]!["resourceVersion"]!.GetValue<string>()); // the entity's tree is left alone
    }

    [Fact]
    public void The_payload_is_the_stored_event_format_without_the_resourceVersion()
    {
        var serializer = new ResourceEventSerializer(null!);
        var pod = Pod();
        var snapshot = ResourceSnapshot.Of(Pods, pod);
        var created = new ResourceCreated(snapshot);
        Assert.Equal(ResourceEventSerializer.Created, serializer.Manifest(created));
        Assert.Same(snapshot.Payload, serializer.ToBinary(created));

        // Read back as any stored event is, it is the object as written, without its resourceVersion.
        var read = (ResourceCreated)serializer.FromBinary(snapshot.Payload, ResourceEventSerializer.Created);
        var expected = pod.DeepClone().AsObject();
        expected["metadata"]!.AsObject().Remove("resourceVersion");
        Assert.True(JsonNode.DeepEquals(expected, read.ParseObject()));
        Assert.StartsWith("{\"Object\":{", System.Text.Encoding.UTF8.GetString(read.Payload), StringComparison.Ordinal);
        Assert.Null(read.Snapshot);
    }

    [Fact]
    public void It_carries_what_selectors_need()
    {
        var snapshot = ResourceSnapshot.Of(Pods, Pod());
        var cached = snapshot.ToCached(7);
        Assert.Equal(("ns", "p", "u-1", 7L), (cached.Namespace, cached.Name, cached.Uid, cached.Revision));
        Assert.Equal("web", cached.Labels["app"]);
        Assert.Equal("n1", cached.Fields["spec.nodeName"]);
        Assert.Equal("Running", cached.Fields["status.phase"]);
        Assert.False(cached.Deleting);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap"}""")]
    public void Empty_or_missing_metadata_still_gets_its_resourceVersion(string json)
    {
        var configMaps = _registry.FindByKind("", "ConfigMap")!;
        var snapshot = ResourceSnapshot.Of(configMaps, JsonNode.Parse(json)!.AsObject());
        Assert.Equal("9", JsonNode.Parse(snapshot.JsonAt(9))!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }
}
