using System.Text.Json.Nodes;
using Orchestrator.Controllers.ReplicaSets;
using Orchestrator.Model.Objects;
using Xunit;

namespace Orchestrator.Controllers.Tests.ReplicaSets;

/// <summary>The ReplicaFailure condition: set with the error while pods cannot be created or deleted, gone after a good sync.</summary>
public sealed class ReplicaSetConditionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void A_failed_create_sets_ReplicaFailure_with_the_error_and_a_good_sync_removes_it()
    {
        var failed = ReplicaSetConditions.Next([], -2, new InvalidOperationException("pods \"web-x\" is forbidden: exceeded quota"), Now)!;
        var condition = Assert.Single(failed.OfType<JsonObject>());
        Assert.Equal("ReplicaFailure", KubeObject.GetString(condition, "type"));
        Assert.Equal("True", KubeObject.GetString(condition, "status"));
        Assert.Equal("FailedCreate", KubeObject.GetString(condition, "reason"));
        Assert.Equal("pods \"web-x\" is forbidden: exceeded quota", KubeObject.GetString(condition, "message"));
        Assert.Equal("2026-01-02T03:04:05Z", KubeObject.GetString(condition, "lastTransitionTime"));

        // A second failure keeps the first condition (and its time).
        var again = ReplicaSetConditions.Next(new JsonObject { ["conditions"] = failed.DeepClone() }, 1, new InvalidOperationException("other"), Now.AddMinutes(1))!;
        Assert.Equal("2026-01-02T03:04:05Z", KubeObject.GetString(again[0]!.AsObject(), "lastTransitionTime"));

        Assert.Null(ReplicaSetConditions.Next(new JsonObject { ["conditions"] = failed.DeepClone() }, 0, null, Now));
        Assert.Equal("FailedDelete", KubeObject.GetString(ReplicaSetConditions.Next([], 1, new InvalidOperationException("x"), Now)![0]!.AsObject(), "reason"));
    }
}
