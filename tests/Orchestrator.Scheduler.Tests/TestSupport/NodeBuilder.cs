using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Tests.TestSupport;

/// <summary>Node objects as a kubelet registers them, built for a test: 4 cpu, 8 GiB, 110 pods, Ready.</summary>
internal sealed class NodeBuilder
{
    private readonly JsonObject _node;
    private readonly JsonObject _allocatable;

    private NodeBuilder(string name)
    {
        _allocatable = new JsonObject { ["cpu"] = "4", ["memory"] = "8Gi", ["pods"] = "110", ["ephemeral-storage"] = "100Gi" };
        _node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name } },
            ["spec"] = new JsonObject(),
            ["status"] = new JsonObject
            {
                ["allocatable"] = _allocatable,
                ["capacity"] = _allocatable.DeepClone(),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            },
        };
    }

    public static NodeBuilder Node(string name) => new(name);

    public NodeBuilder Allocatable(string resource, string quantity)
    {
        _allocatable[resource] = quantity;
        return this;
    }

    public NodeBuilder Cpu(string quantity) => Allocatable("cpu", quantity);

    public NodeBuilder Memory(string quantity) => Allocatable("memory", quantity);

    public NodeBuilder Pods(int count) => Allocatable("pods", count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public NodeBuilder Label(string key, string value)
    {
        _node["metadata"]!["labels"]![key] = value;
        return this;
    }

    public NodeBuilder Taint(string key, string value, string effect)
    {
        var spec = (JsonObject)_node["spec"]!;
        if (spec["taints"] is not JsonArray taints)
        {
            taints = [];
            spec["taints"] = taints;
        }

        var taint = new JsonObject { ["key"] = key, ["effect"] = effect };
        if (value.Length > 0)
        {
            taint["value"] = value;
        }

        taints.Add(taint);
        return this;
    }

    public NodeBuilder Unschedulable()
    {
        _node["spec"]!["unschedulable"] = true;
        return this;
    }

    public NodeBuilder Ready(string status)
    {
        _node["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = status });
        return this;
    }

    public NodeBuilder NoConditions()
    {
        ((JsonObject)_node["status"]!).Remove("conditions");
        return this;
    }

    public JsonObject Build() => (JsonObject)_node.DeepClone();
}
