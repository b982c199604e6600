using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// The scheduler's pods informer transform: what the scheduler reads of a pod (identity, labels, the spec
/// without the containers' images, commands, env and mounts, and the status fields it looks at), copied out
/// of the parsed watch event so that the event's whole tree is dropped. With 50,000 pods the scheduler
/// otherwise kept about half a gigabyte of fields it never reads (kube-scheduler strips managedFields the
/// same way, with an informer transform).
/// </summary>
internal static class SchedulerPodView
{
    private static readonly string[] MetadataFields = ["name", "namespace", "uid", "resourceVersion", "labels", "deletionTimestamp", "creationTimestamp"];
    private static readonly string[] ContainerFields = ["name", "resources", "ports"];
    private static readonly string[] DroppedSpecFields = ["containers", "initContainers", "volumes", "securityContext", "ephemeralContainers"];

    public static JsonObject Strip(JsonObject pod)
    {
        var view = new JsonObject { ["apiVersion"] = Copy(pod["apiVersion"]), ["kind"] = Copy(pod["kind"]) };
        if (pod["metadata"] is JsonObject metadata)
        {
            view["metadata"] = Pick(metadata, MetadataFields);
        }

        if (pod["spec"] is JsonObject spec)
        {
            var kept = new JsonObject();
            foreach (var (name, value) in spec)
            {
                if (!DroppedSpecFields.Contains(name))
                {
                    kept[name] = Copy(value);
                }
            }

            kept["containers"] = Containers(spec["containers"]);
            if (spec["initContainers"] is JsonArray)
            {
                kept["initContainers"] = Containers(spec["initContainers"]);
            }

            view["spec"] = kept;
        }

        if (pod["status"] is JsonObject status)
        {
            var kept = Pick(status, ["phase", "nominatedNodeName", "startTime"]);
            if (status["conditions"] is JsonArray conditions)
            {
                // Only PodScheduled: the scheduler compares it before writing Unschedulable again.
                kept["conditions"] = new JsonArray([.. conditions.Where(c => c?["type"]?.GetValue<string>() == "PodScheduled").Select(c => Copy(c)!)]);
            }

            view["status"] = kept;
        }

        return view;
    }

    // A copy whose strings, integers and booleans are plain values: a copied value of a parsed document would
    // carry a small document of its own (JsonElement.Clone), heavier than the field.
    private static JsonNode? Copy(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Copy(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Copy)]),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => JsonValue.Create(value.GetValue<string>()),
            JsonValueKind.True => JsonValue.Create(true),
            JsonValueKind.False => JsonValue.Create(false),
            JsonValueKind.Number when value.TryGetValue<long>(out var number) => JsonValue.Create(number),
            _ => value.DeepClone(),
        },
        _ => node.DeepClone(),
    };

    private static JsonArray Containers(JsonNode? containers) =>
        containers is JsonArray list ? new JsonArray([.. list.OfType<JsonObject>().Select(c => (JsonNode)Pick(c, ContainerFields))]) : [];

    private static JsonObject Pick(JsonObject source, string[] fields)
    {
        var picked = new JsonObject();
        foreach (var field in fields)
        {
            if (source.TryGetPropertyValue(field, out var value))
            {
                picked[field] = Copy(value);
            }
        }

        return picked;
    }
}
