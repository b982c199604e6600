using System.Text.Json.Nodes;
using Orchestrator.Controllers.GarbageCollection;
using Xunit;

namespace Orchestrator.Controllers.Tests.GarbageCollection;

public sealed class OwnerGraphTests
{
    [Fact]
    public void Dependents_follow_their_references_through_updates_and_deletion()
    {
        var graph = new OwnerGraph();
        graph.Observe("pods/default/a", null, Object("a-uid", "owner-1"));
        graph.Observe("pods/default/b", null, Object("b-uid", "owner-1", "owner-2"));
        Assert.Equal(["pods/default/a", "pods/default/b"], graph.DependentsOf("owner-1").Order(StringComparer.Ordinal));
        Assert.Equal("pods/default/a", graph.KeyOf("a-uid"));

        // b drops owner-1 and keeps owner-2; a is deleted.
        graph.Observe("pods/default/b", Object("b-uid", "owner-1", "owner-2"), Object("b-uid", "owner-2"));
        graph.Observe("pods/default/a", Object("a-uid", "owner-1"), null);
        Assert.Empty(graph.DependentsOf("owner-1"));
        Assert.Equal(["pods/default/b"], graph.DependentsOf("owner-2"));
        Assert.Null(graph.KeyOf("a-uid"));
    }

    /// <summary>
    /// A sync reading the graph while an informer updates a dependent (its status, a deletionTimestamp) must
    /// always see it: the garbage collector ends an owner's foreground deletion when it sees none.
    /// </summary>
    [Fact]
    public async Task A_dependent_that_keeps_its_owner_is_never_missing_while_it_is_updated()
    {
        var graph = new OwnerGraph();
        var before = Object("rs-uid", "deployment-uid");
        graph.Observe("replicasets/default/web", null, before);
        var missed = 0;
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (graph.DependentsOf("deployment-uid").Count == 0)
                {
                    Interlocked.Increment(ref missed);
                }
            }
        });

        for (var i = 0; i < 200_000; i++)
        {
            var after = Object("rs-uid", "deployment-uid");
            graph.Observe("replicasets/default/web", before, after);
            before = after;
        }

        stop.Cancel();
        await reader;
        Assert.Equal(0, missed);
    }

    private static JsonObject Object(string uid, params string[] owners) =>
        new()
        {
            ["metadata"] = new JsonObject
            {
                ["uid"] = uid,
                ["ownerReferences"] = new JsonArray([.. owners.Select(o => (JsonNode)new JsonObject { ["uid"] = o, ["kind"] = "Owner", ["name"] = o })]),
            },
        };
}
