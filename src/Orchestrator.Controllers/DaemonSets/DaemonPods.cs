using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Controllers.NodeLifecycle;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.DaemonSets;

/// <summary>
/// The pods a DaemonSet makes (Kubernetes' daemon util): its template pinned to one node by a required node
/// affinity on metadata.name (as since 1.12, so the scheduler binds it), with the tolerations every daemon
/// pod gets, labelled with the template's hash and generation so a rolling update can tell old from new.
/// </summary>
public static class DaemonPods
{
    public const string RevisionHashLabel = "controller-revision-hash";
    public const string TemplateGenerationLabel = "pod-template-generation";
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    /// <summary>The tolerations a daemon pod always has (AddOrUpdateDaemonPodTolerations); network-unavailable only with hostNetwork.</summary>
    public static IReadOnlyList<(string Key, string Effect)> DaemonTolerations(bool hostNetwork)
    {
        var tolerations = new List<(string, string)>
        {
            (NodeTaints.NotReady, NodeTaints.NoExecute),
            (NodeTaints.Unreachable, NodeTaints.NoExecute),
            (NodeTaints.DiskPressure, NodeTaints.NoSchedule),
            (NodeTaints.MemoryPressure, NodeTaints.NoSchedule),
            (NodeTaints.PidPressure, NodeTaints.NoSchedule),
            (NodeTaints.Unschedulable, NodeTaints.NoSchedule),
        };
        if (hostNetwork)
        {
            tolerations.Add((NodeTaints.NetworkUnavailable, NodeTaints.NoSchedule));
        }

        return tolerations;
    }

    /// <summary>The template's pod spec with the daemon tolerations added (replacing any of the same key and effect).</summary>
    public static JsonObject SpecWithTolerations(JsonObject daemonSet)
    {
        var spec = (KubeObject.Get(daemonSet, "spec", "template", "spec") as JsonObject)?.DeepClone().AsObject() ?? [];
        var hostNetwork = spec["hostNetwork"] is JsonValue h && h.TryGetValue<bool>(out var host) && host;
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        foreach (var (key, effect) in DaemonTolerations(hostNetwork))
        {
            foreach (var same in tolerations.OfType<JsonObject>().Where(t => KubeObject.GetString(t, "key") == key && KubeObject.GetString(t, "effect") == effect).ToList())
            {
                tolerations.Remove(same);
            }

            tolerations.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect });
        }

        spec["tolerations"] = tolerations;
        return spec;
    }

    /// <summary>
    /// Whether a daemon pod should run on the node, and whether one already there may stay (NodeShouldRunDaemonPod):
    /// nodeSelector and required affinity must match; an untolerated NoExecute taint says neither, an untolerated
    /// NoSchedule taint only forbids a new pod.
    /// </summary>
    public static (bool ShouldRun, bool ShouldContinueRunning) ShouldRun(JsonObject daemonSet, JsonObject podSpec, JsonObject node)
    {
        if (!NodeAffinity.Matches(podSpec, node))
        {
            return (false, false);
        }

        var tolerations = Tolerations.Of(podSpec);
        var untolerated = NodeTaints.Of(node).Where(t => NodeTaints.Effect(t) is NodeTaints.NoSchedule or NodeTaints.NoExecute && !Tolerations.Tolerated(tolerations, t)).ToList();
        if (untolerated.Any(t => NodeTaints.Effect(t) == NodeTaints.NoExecute))
        {
            return (false, false);
        }

        return untolerated.Count > 0 ? (false, true) : (true, true);
    }

    /// <summary>A new pod of the DaemonSet for the node (not bound: the scheduler binds it there).</summary>
    public static JsonObject NewPod(JsonObject daemonSet, JsonObject podSpec, string nodeName, string hash, string? generation)
    {
        var template = KubeObject.Get(daemonSet, "spec", "template") as JsonObject ?? [];
        var metadata = (template["metadata"] as JsonObject)?.DeepClone().AsObject() ?? [];
        metadata.Remove("name");
        metadata["generateName"] = $"{KubeObject.Name(daemonSet)}-";
        metadata["namespace"] = KubeObject.Namespace(daemonSet);
        var labels = metadata["labels"] as JsonObject ?? [];
        labels[RevisionHashLabel] = hash;
        if (generation is not null)
        {
            labels[TemplateGenerationLabel] = generation;
        }

        metadata["labels"] = labels;
        metadata["ownerReferences"] = new JsonArray(ControllerRefs.New(daemonSet, "apps/v1", "DaemonSet"));

        var spec = podSpec.DeepClone().AsObject();
        var affinity = spec["affinity"] as JsonObject ?? [];
        var nodeAffinity = affinity["nodeAffinity"] as JsonObject ?? [];
        nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
        {
            ["nodeSelectorTerms"] = new JsonArray(new JsonObject
            {
                ["matchFields"] = new JsonArray(new JsonObject { ["key"] = "metadata.name", ["operator"] = "In", ["values"] = new JsonArray(nodeName) }),
            }),
        };
        affinity["nodeAffinity"] = nodeAffinity;
        spec["affinity"] = affinity;
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
    }

    /// <summary>The node a daemon pod is for: its spec.nodeName, else the node its metadata.name affinity names (GetTargetNodeName).</summary>
    public static string? TargetNode(JsonObject pod)
    {
        if (KubeObject.GetString(pod, "spec", "nodeName") is { Length: > 0 } nodeName)
        {
            return nodeName;
        }

        return (KubeObject.Get(pod, "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms") as JsonArray)?
            .OfType<JsonObject>()
            .SelectMany(t => (t["matchFields"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(f => KubeObject.GetString(f, "key") == "metadata.name" && KubeObject.GetString(f, "operator") == "In")
            .Select(f => f["values"] is JsonArray { Count: 1 } values && values[0] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null)
            .FirstOrDefault(n => n is not null);
    }

    /// <summary>A short stable hash of the pod template, as the controller-revision-hash label carries it.</summary>
    public static string TemplateHash(JsonObject daemonSet)
    {
        var template = KubeObject.Get(daemonSet, "spec", "template")?.ToJsonString() ?? "";
        // FNV-1a, 32 bits, as Kubernetes hashes a template.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(template))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Kubernetes' rand.SafeEncodeString: digits and letters that cannot spell words.</summary>
    private static string SafeEncode(string text)
    {
        const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";
        return string.Concat(text.Select(c => Alphanums[c % Alphanums.Length]));
    }
}
