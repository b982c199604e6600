using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Admission;

/// <summary>
/// Kubernetes' Priority admission plugin. A new pod gets spec.priority and spec.preemptionPolicy from the
/// PriorityClass its spec.priorityClassName names, or, when it names none, from the globalDefault class (the
/// lowest-valued if several; its name is filled in), else 0 and PreemptLowerPriority. A class that does not
/// exist, or a priority or policy the pod states that differs from its class's, is refused with 403. Only one
/// PriorityClass may be the global default.
/// </summary>
public sealed class PriorityAdmission(ApiGateway gateway)
{
    private const string DefaultPreemptionPolicy = "PreemptLowerPriority";

    private readonly ResourceType? _classes = gateway.Registry.FindByKind("scheduling.k8s.io", "PriorityClass");
    private readonly ResourceType? _pods = gateway.Registry.FindByKind("", "Pod");

    /// <exception cref="StatusException">403 as Kubernetes' plugin refuses.</exception>
    public async Task AdmitCreateAsync(ResourceType type, JsonObject obj, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (_classes is null)
        {
            return;
        }

        if (type == _pods && obj["spec"] is JsonObject spec)
        {
            await AdmitPodAsync(obj, spec, ct).ConfigureAwait(false);
        }
        else if (type == _classes && JsonFields.Bool(obj, "globalDefault") == true)
        {
            var name = KubeObject.Name(obj) ?? "";
            if (DefaultClass() is { } existing && KubeObject.Name(existing) != name)
            {
                throw StatusException.Forbidden(_classes, name, $"PriorityClass {KubeObject.Name(existing)} is already marked as default. Only one default can exist");
            }
        }
    }

    private async Task AdmitPodAsync(JsonObject pod, JsonObject spec, CancellationToken ct)
    {
        var className = JsonFields.String(spec, "priorityClassName");
        long priority;
        string policy;
        if (string.IsNullOrEmpty(className))
        {
            if (DefaultClass() is { } global)
            {
                spec["priorityClassName"] = KubeObject.Name(global);
                (priority, policy) = ValueOf(global);
            }
            else
            {
                (priority, policy) = (0, DefaultPreemptionPolicy);
            }
        }
        else if (await FindAsync(className, ct).ConfigureAwait(false) is { } found)
        {
            (priority, policy) = ValueOf(found);
        }
        else if (PriorityClassStrategy.SystemPriorityClasses.TryGetValue(className, out var system))
        {
            // The built-ins exist from start-up; until their objects are there, their values stand in.
            (priority, policy) = (system, DefaultPreemptionPolicy);
        }
        else
        {
            throw Forbidden(pod, $"no PriorityClass with name {className} was found");
        }

        if (spec["priority"] is not null && JsonFields.Integer(spec, "priority") != priority)
        {
            throw Forbidden(pod, $"the integer value of priority ({spec["priority"]!.ToJsonString()}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }

        if (JsonFields.String(spec, "preemptionPolicy") is { Length: > 0 } stated && stated != policy)
        {
            throw Forbidden(pod, $"the string value of PreemptionPolicy ({stated}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name");
        }

        spec["priority"] = priority;
        spec["preemptionPolicy"] = policy;
    }

    private StatusException Forbidden(JsonObject pod, string message) => StatusException.Forbidden(_pods!, KubeObject.Name(pod) ?? "", message);

    // The lister first, a consistent read only when it misses (the class may be a moment old).
    private async Task<JsonObject?> FindAsync(string name, CancellationToken ct)
    {
        var cached = gateway.ListerOf(_classes!).Get("", name) ?? (await gateway.GetAsync(_classes!, "", name, ct).ConfigureAwait(false)).Object;
        return cached is null || cached.Deleting ? null : JsonNode.Parse(cached.Json)?.AsObject();
    }

    // Kubernetes' getDefaultPriorityClass: the lowest-valued of those marked globalDefault.
    private JsonObject? DefaultClass()
    {
        JsonObject? best = null;
        foreach (var cached in gateway.ListerOf(_classes!).All)
        {
            if (cached.Deleting || JsonNode.Parse(cached.Json) is not JsonObject candidate || JsonFields.Bool(candidate, "globalDefault") != true)
            {
                continue;
            }

            if (best is null || (JsonFields.Integer(candidate, "value") ?? 0) < (JsonFields.Integer(best, "value") ?? 0))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static (long Priority, string Policy) ValueOf(JsonObject priorityClass) =>
        (JsonFields.Integer(priorityClass, "value") ?? 0, JsonFields.String(priorityClass, "preemptionPolicy") is { Length: > 0 } p ? p : DefaultPreemptionPolicy);
}
