using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Tests.TestSupport;

/// <summary>Nodes and pods as a kubelet and a user would create them through the API.</summary>
internal static class ClusterObjects
{
    public static JsonObject Node(string name, string cpu = "4", string memory = "8Gi", int pods = 110) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name } },
        ["spec"] = new JsonObject(),
        ["status"] = new JsonObject
        {
            ["capacity"] = Resources(cpu, memory, pods),
            ["allocatable"] = Resources(cpu, memory, pods),
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady" }),
        },
    };

    public static readonly Orchestrator.Client.ResourceRef PriorityClasses = new("scheduling.k8s.io", "v1", "priorityclasses", false);

    public static JsonObject PriorityClass(string name, long value, bool globalDefault = false, string? preemptionPolicy = null)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "scheduling.k8s.io/v1",
            ["kind"] = "PriorityClass",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["value"] = value,
            ["globalDefault"] = globalDefault,
        };
        if (preemptionPolicy is not null)
        {
            obj["preemptionPolicy"] = preemptionPolicy;
        }

        return obj;
    }

    public static JsonObject Pod(string name, string cpu = "100m", string? priorityClassName = null, string? schedulerName = null, string ns = "default")
    {
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = "busybox",
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = "64Mi" } },
            }),
        };
        if (priorityClassName is not null)
        {
            spec["priorityClassName"] = priorityClassName;
        }

        if (schedulerName is not null)
        {
            spec["schedulerName"] = schedulerName;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    private static JsonObject Resources(string cpu, string memory, int pods) => new()
    {
        ["cpu"] = cpu,
        ["memory"] = memory,
        ["pods"] = pods.ToString(CultureInfo.InvariantCulture),
    };
}
