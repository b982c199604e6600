using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Writes;
using Orchestrator.Model.Objects;
using Xunit;

namespace Orchestrator.Api.Tests.Writes;

/// <summary>The garbage collector's finalizers a delete leaves, as Kubernetes' registry decides them.</summary>
public sealed class DeletionPropagationTests
{
    [Theory]
    [InlineData(null, "", GarbageCollectionPolicy.DeleteDependents, "")]
    [InlineData("Background", "", GarbageCollectionPolicy.DeleteDependents, "")]
    [InlineData("Foreground", "", GarbageCollectionPolicy.DeleteDependents, "foregroundDeletion")]
    [InlineData("Orphan", "", GarbageCollectionPolicy.DeleteDependents, "orphan")]
    [InlineData(null, "", GarbageCollectionPolicy.OrphanDependents, "orphan")]
    [InlineData("Background", "", GarbageCollectionPolicy.OrphanDependents, "")]
    [InlineData("Orphan", "example.com/keep", GarbageCollectionPolicy.DeleteDependents, "example.com/keep,orphan")]
    [InlineData("Foreground", "orphan", GarbageCollectionPolicy.DeleteDependents, "foregroundDeletion")]
    [InlineData("Background", "foregroundDeletion,example.com/keep", GarbageCollectionPolicy.DeleteDependents, "example.com/keep")]
    [InlineData(null, "foregroundDeletion", GarbageCollectionPolicy.OrphanDependents, "foregroundDeletion")]
    [InlineData(null, "orphan", GarbageCollectionPolicy.DeleteDependents, "orphan")]
    [InlineData("Foreground", "", GarbageCollectionPolicy.Unsupported, "")]
    public void The_policy_decides_then_an_existing_finalizer_then_the_kind(string? policy, string existing, GarbageCollectionPolicy kindDefault, string expected)
    {
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } };
        if (existing.Length > 0)
        {
            obj["metadata"]!["finalizers"] = new JsonArray([.. existing.Split(',').Select(f => JsonValue.Create(f))]);
        }

        var changed = DeletionPropagation.ApplyFinalizers(obj, policy, kindDefault);

        Assert.Equal(expected, string.Join(",", KubeObject.Finalizers(obj)));
        Assert.Equal(existing.Split(',').Where(f => f.Length > 0).Order().SequenceEqual(expected.Split(',').Where(f => f.Length > 0).Order()), !changed);
    }
}
