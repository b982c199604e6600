using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// Which node updates are worth retrying unschedulable pods for (kube-scheduler's NodeUpdate event hints):
/// labels, taints, cordoning, allocatable resources or the Ready condition changed. A heartbeat that only
/// refreshes condition times changes none of these.
/// </summary>
internal static class NodeChanges
{
    public static bool CouldMakePodsFit(JsonObject old, JsonObject node) =>
        !JsonNode.DeepEquals(old["metadata"]?["labels"], node["metadata"]?["labels"])
        || !JsonNode.DeepEquals(old["spec"]?["taints"], node["spec"]?["taints"])
        || !JsonNode.DeepEquals(old["spec"]?["unschedulable"], node["spec"]?["unschedulable"])
        || !JsonNode.DeepEquals(old["status"]?["allocatable"], node["status"]?["allocatable"])
        || Ready(old) != Ready(node);

    private static string? Ready(JsonObject node)
    {
        if (node["status"]?["conditions"] is JsonArray conditions)
        {
            foreach (var condition in conditions)
            {
                if (condition?["type"]?.GetValue<string>() == "Ready")
                {
                    return condition["status"]?.GetValue<string>();
                }
            }
        }

        return null;
    }
}
