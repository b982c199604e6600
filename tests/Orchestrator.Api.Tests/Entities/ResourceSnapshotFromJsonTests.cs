using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Xunit;

namespace Orchestrator.Api.Tests.Entities;

public sealed class ResourceSnapshotFromJsonTests
{
    private readonly ResourceRegistry _registry = BuiltInResources.Register(new ResourceRegistry());

    private ResourceType Pods => _registry.FindByKind("", "Pod")!;

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","uid":"u-1","labels":{"app":"web"}},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox"}]},"status":{"phase":"Running"}}""")]
    [InlineData("""{"metadata":{},"spec":{"containers":[]}}""")]
    [InlineData("""{"spec":{"x":[{"metadata":{"resourceVersion":"1"}}]},"metadata":{"name":"late"}}""")]
    public void Wrapping_the_bytes_stores_what_serializing_the_tree_does(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var obj = JsonNode.Parse(bytes)!.AsObject();
        var wrapped = ResourceSnapshot.FromJson(Pods, bytes, obj);
        var serialized = ResourceSnapshot.Of(Pods, obj);

        Assert.NotNull(wrapped);
        Assert.Equal(Encoding.UTF8.GetString(serialized.Payload), Encoding.UTF8.GetString(wrapped.Payload));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(serialized.JsonAt(5)), JsonNode.Parse(wrapped.JsonAt(5))));
        Assert.Equal("5", JsonNode.Parse(wrapped.JsonAt(5))!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(serialized.FieldValues, wrapped.FieldValues);
        Assert.Equal(serialized.Labels, wrapped.Labels);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"p","resourceVersion":"3"}}""")] // the stored form has none
    [InlineData("""{"kind":"Pod"}""")] // no metadata to splice into
    [InlineData("""{"metadata":"p"}""")]
    [InlineData("""{"metadata": { "name":"p"}}""")] // not compact where the resourceVersion goes
    [InlineData("""{"metadata":{"name":"a"},"metadata":{"name":"b"}}""")]
    [InlineData("""[1]""")]
    public void Other_forms_are_left_to_the_tree(string json) =>
        Assert.Null(ResourceSnapshot.FromJson(Pods, Encoding.UTF8.GetBytes(json), new JsonObject()));

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","uid":"u-1","labels":{"app":"web"}},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}}""")]
    [InlineData("""{"metadata":{},"spec":{"containers":[]}}""")]
    public void A_stored_payload_recovers_as_the_snapshot_that_wrote_it(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        var written = ResourceSnapshot.Of(Pods, obj);
        var stored = new ResourceUpdated(written.Payload);
        var recovered = ResourceSnapshot.FromPayload(Pods, stored.Payload, stored.ParseObject());

        Assert.NotNull(recovered);
        Assert.Same(stored.Payload, recovered.Payload);
        Assert.Equal(Encoding.UTF8.GetString(written.JsonAt(7)), Encoding.UTF8.GetString(recovered.JsonAt(7)));
        Assert.Equal(written.FieldValues, recovered.FieldValues);
        Assert.Equal(written.Labels, recovered.Labels);
        Assert.Equal((written.Namespace, written.Name, written.Uid), (recovered.Namespace, recovered.Name, recovered.Uid));
    }

    [Theory]
    [InlineData("""{"Object":{"kind":"Pod"}}""")] // no metadata to splice into
    [InlineData("""{"Object":{"metadata":{ "name":"p"}}}""")] // not compact where the resourceVersion goes
    [InlineData("""{"Other":{"metadata":{"name":"p"}}}""")]
    [InlineData("""{"Object":{"metadata":{"name":"p"}}} """)]
    public void Other_stored_forms_are_left_to_the_tree(string payload) =>
        Assert.Null(ResourceSnapshot.FromPayload(Pods, Encoding.UTF8.GetBytes(payload), new JsonObject()));
}
