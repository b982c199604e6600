using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Endpoints;

/// <summary>
/// Kubernetes' TriggerTimeTracker: the value of the endpoints.kubernetes.io/last-change-trigger-time
/// annotation, the time of the earliest change to the Service or its pods that the coming write reflects (a pod's
/// Ready transition, the Service's creation), so that latency from a pod change to its endpoints can be measured.
/// Thread-safe across keys; one key is never synced twice at once.
/// </summary>
public sealed class TriggerTimeTracker
{
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    /// <summary>
    /// The earliest trigger time among the Service (when not seen before) and the pods whose trigger time changed
    /// since the last call for this key; null when nothing with a trigger time changed (a pod deletion, say).
    /// </summary>
    public DateTimeOffset? Compute(string key, JsonObject service, IEnumerable<JsonObject> pods)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pods);
        var previous = _states.GetValueOrDefault(key);
        var next = new State(Parse(KubeObject.GetString(service, "metadata", "creationTimestamp")), new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal));
        DateTimeOffset? earliest = null;
        if (previous is null || previous.Service != next.Service)
        {
            earliest = next.Service;
        }

        foreach (var pod in pods)
        {
            var name = KubeObject.Name(pod)!;
            var time = Parse(ServicePods.ReadyCondition(pod)?["lastTransitionTime"]?.ToString());
            next.Pods[name] = time;
            if (time is { } t && (previous is null || !previous.Pods.TryGetValue(name, out var seen) || seen != t) && (earliest is null || t < earliest))
            {
                earliest = t;
            }
        }

        _states[key] = next;
        return earliest;
    }

    /// <summary>Forgets a deleted Service.</summary>
    public void Delete(string key) => _states.TryRemove(key, out _);

    /// <summary>RFC 3339 with as many fraction digits as needed, as Go's RFC3339Nano prints it.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private sealed record State(DateTimeOffset? Service, Dictionary<string, DateTimeOffset?> Pods);
}
