using System.Text.Json.Nodes;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Persistence.Serialization;
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
        var serializer = ResourceEventManifests.Register(new EventSerializer());
        var pod = Pod();
        var written = serializer.Serialize(new ResourceCreated(pod) { Snapshot = ResourceSnapshot.Of(Pods, pod) });
        Assert.IsType<ResourceSnapshot>(written.Local);

        // Read back as any stored event is, with System.Text.Json, it is the object as written.
        var read = (ResourceCreated)serializer.Deserialize(written with { Local = null });
        var expected = pod.DeepClone().AsObject();
        expected["metadata"]!.AsObject().Remove("resourceVersion");
        Assert.True(JsonNode.DeepEquals(expected, read.Object));
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
