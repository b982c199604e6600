using System.Text.Json.Nodes;
using Orchestrator.Controllers.Pods;
using Xunit;

namespace Orchestrator.Controllers.Tests.ReplicaSets;

/// <summary>Kubernetes' ActivePodsWithRanks order: which pods a scale-down removes first.</summary>
public sealed class PodDeletionOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Pod(string name, string node = "n1", string phase = "Running", bool ready = true, int readyMinutesAgo = 60,
        int createdMinutesAgo = 120, int restarts = 0, int? cost = null)
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = name,
                ["creationTimestamp"] = Timestamps.Format(Now.AddMinutes(-createdMinutesAgo)),
            },
            ["spec"] = new JsonObject { ["nodeName"] = node },
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = ready ? "True" : "False",
                    ["lastTransitionTime"] = Timestamps.Format(Now.AddMinutes(-readyMinutesAgo)),
                }),
                ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "c", ["restartCount"] = (long)restarts }),
            },
        };
        if (cost is { } c)
        {
            pod["metadata"]!["annotations"] = new JsonObject { ["controller.kubernetes.io/pod-deletion-cost"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return pod;
    }

    private static List<string> Order(params JsonObject[] pods) =>
        [.. PodDeletionOrder.PodsToDelete(pods, pods, pods.Length - 1, Now).Select(p => p["metadata"]!["name"]!.GetValue<string>())];

    [Fact]
    public void Unscheduled_then_pending_then_unready_pods_go_first()
    {
        Assert.Equal(["unscheduled", "pending", "unready"], Order(
            Pod("ready"), Pod("unready", ready: false), Pod("pending", phase: "Pending", ready: false), Pod("unscheduled", node: "", phase: "Pending", ready: false)));
    }

    [Fact]
    public void A_lower_deletion_cost_goes_before_a_higher_one()
    {
        Assert.Equal(["cheap"], Order(Pod("dear", cost: 100), Pod("cheap", cost: -5)));
    }

    [Fact]
    public void Pods_on_crowded_nodes_go_before_pods_alone_on_theirs()
    {
        var pods = new[] { Pod("alone", node: "n1"), Pod("crowded", node: "n2") };
        var related = new[] { pods[0], pods[1], Pod("other", node: "n2") };
        Assert.Equal("crowded", PodDeletionOrder.PodsToDelete(pods, related, 1, Now)[0]["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Ready_for_less_time_then_more_restarts_then_newer_go_first()
    {
        Assert.Equal(["recently-ready"], Order(Pod("long-ready", readyMinutesAgo: 600), Pod("recently-ready", readyMinutesAgo: 1)));
        Assert.Equal(["restarting"], Order(Pod("steady"), Pod("restarting", restarts: 3)));
        Assert.Equal(["new"], Order(Pod("old", createdMinutesAgo: 6000, readyMinutesAgo: 60), Pod("new", createdMinutesAgo: 70, readyMinutesAgo: 60)));
    }
}
