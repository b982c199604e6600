using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// The scheduler's pods informer transform: what the scheduler reads of a pod (identity, labels, the spec
/// without the containers' images, commands, env and mounts, and the status fields it looks at), copied out
/// of the parsed watch event so that the event's whole tree is dropped. With 50,000 pods the scheduler
/// otherwise kept about half a gigabyte of fields it never reads (kube-scheduler strips managedFields the
/// same way, with an informer transform). Names and the values that repeat from pod to pod are shared
/// (<see cref="PodViewStrings"/>); a pod's own name, uid, resourceVersion and timestamps are not.
/// </summary>
internal static class SchedulerPodView
{
    private static readonly string[] MetadataFields = ["name", "namespace", "uid", "resourceVersion", "labels", "deletionTimestamp", "creationTimestamp"];

    /// <summary>The metadata fields whose values are the pod's own: not worth sharing.</summary>
    private static readonly string[] UniqueMetadataFields = ["name", "uid", "resourceVersion", "deletionTimestamp", "creationTimestamp"];
    private static readonly string[] ContainerFields = ["name", "resources", "ports"];
    private static readonly string[] DroppedSpecFields = ["containers", "initContainers", "volumes", "securityContext", "ephemeralContainers"];

    public static JsonObject Strip(JsonObject pod)
    {
        var view = new JsonObject { ["apiVersion"] = Copy(pod["apiVersion"]), ["kind"] = Copy(pod["kind"]) };
        if (pod["metadata"] is JsonObject metadata)
        {
            var kept = new JsonObject();
            foreach (var field in MetadataFields)
            {
                if (metadata.TryGetPropertyValue(field, out var value))
                {
                    kept[field] = Copy(value, share: !UniqueMetadataFields.Contains(field));
                }
            }

            view["metadata"] = kept;
        }

        if (pod["spec"] is JsonObject spec)
        {
            var kept = new JsonObject();
            foreach (var (name, value) in spec)
            {
                if (!DroppedSpecFields.Contains(name))
                {
                    kept[PodViewStrings.Intern(name)] = Copy(value);
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
            var kept = Pick(status, ["phase", "nominatedNodeName"]);
            if (status.TryGetPropertyValue("startTime", out var startTime))
            {
                kept["startTime"] = Copy(startTime, share: false);
            }

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
    // carry a small document of its own (JsonElement.Clone), heavier than the field. Property names are shared,
    // and string values too unless they are the pod's own (share: false).
    private static JsonNode? Copy(JsonNode? node, bool share = true) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(PodViewStrings.Intern(p.Key), Copy(p.Value, share)))),
        JsonArray array => new JsonArray([.. array.Select(item => Copy(item, share))]),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => JsonValue.Create(share ? PodViewStrings.Intern(value.GetValue<string>()) : value.GetValue<string>()),
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
