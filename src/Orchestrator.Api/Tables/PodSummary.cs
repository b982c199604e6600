using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// A pod as <c>kubectl get pods</c> sums it up (Kubernetes' printPod): ready containers over all
/// containers (sidecars included), the status word (the phase, or the reason of the first init container
/// or container that is not well, Terminating while deleted), and restarts with how long ago the last one was.
/// </summary>
internal sealed record PodSummary(string Ready, string Status, string Restarts)
{
    public static PodSummary Of(JsonObject pod, DateTimeOffset now)
    {
        var spec = JsonFields.Object(pod, "spec");
        var status = JsonFields.Object(pod, "status");
        var phase = JsonFields.String(status, "phase") ?? "";
        var reason = JsonFields.String(status, "reason") is { Length: > 0 } statusReason ? statusReason : phase;
        var conditions = JsonFields.Objects(JsonFields.Array(status, "conditions")).Select(c => c.Item).ToList();
        if (conditions.Any(c => JsonFields.String(c, "type") == "PodScheduled" && JsonFields.String(c, "reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initContainers = JsonFields.Objects(JsonFields.Array(spec, "initContainers")).Select(c => c.Item).ToList();
        var sidecars = initContainers
            .Where(c => JsonFields.String(c, "restartPolicy") == "Always")
            .Select(c => JsonFields.String(c, "name") ?? "")
            .ToHashSet(StringComparer.Ordinal);
        var total = (JsonFields.Array(spec, "containers")?.Count ?? 0) + sidecars.Count;
        var ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        var initializing = false;
        foreach (var (i, container) in JsonFields.Objects(JsonFields.Array(status, "initContainerStatuses")))
        {
            var count = JsonFields.Integer(container, "restartCount") ?? 0;
            var finished = LastFinished(container);
            restarts += count;
            lastRestart = Later(lastRestart, finished);
            var sidecar = sidecars.Contains(JsonFields.String(container, "name") ?? "");
            if (sidecar)
            {
                sidecarRestarts += count;
                lastSidecarRestart = Later(lastSidecarRestart, finished);
            }

            var state = JsonFields.Object(container, "state");
            var terminated = JsonFields.Object(state, "terminated");
            var waitingReason = JsonFields.String(JsonFields.Object(state, "waiting"), "reason") ?? "";
            if (terminated is not null && (JsonFields.Integer(terminated, "exitCode") ?? 0) == 0)
            {
                continue;
            }

            if (sidecar && JsonFields.Bool(container, "started") == true)
            {
                ready += JsonFields.Bool(container, "ready") == true ? 1 : 0;
                continue;
            }

            reason = terminated is not null
                ? "Init:" + TerminatedReason(terminated)
                : waitingReason.Length > 0 && waitingReason != "PodInitializing"
                    ? "Init:" + waitingReason
                    : string.Create(CultureInfo.InvariantCulture, $"Init:{i}/{initContainers.Count}");
            initializing = true;
            break;
        }

        if (!initializing || conditions.Any(c => JsonFields.String(c, "type") == "Initialized" && JsonFields.String(c, "status") == "True"))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = JsonFields.Objects(JsonFields.Array(status, "containerStatuses")).Select(c => c.Item).ToList();

            // From the last container back, so the first container's reason wins.
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += JsonFields.Integer(container, "restartCount") ?? 0;
                lastRestart = Later(lastRestart, LastFinished(container));
                var state = JsonFields.Object(container, "state");
                var waitingReason = JsonFields.String(JsonFields.Object(state, "waiting"), "reason") ?? "";
                var terminated = JsonFields.Object(state, "terminated");
                if (waitingReason.Length > 0)
                {
                    reason = waitingReason;
                }
                else if (terminated is not null)
                {
                    reason = TerminatedReason(terminated);
                }
                else if (JsonFields.Bool(container, "ready") == true && state?["running"] is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // A pod with a completed container and one still running is not Completed.
            if (reason == "Completed" && hasRunning)
            {
                reason = conditions.Any(c => JsonFields.String(c, "type") == "Ready" && JsonFields.String(c, "status") == "True") ? "Running" : "NotReady";
            }
        }

        if (!string.IsNullOrEmpty(JsonFields.String(JsonFields.Object(pod, "metadata"), "deletionTimestamp")))
        {
            if (JsonFields.String(status, "reason") == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        var restartText = restarts.ToString(CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is { } last)
        {
            restartText += " (" + Durations.Human(now - last) + " ago)";
        }

        return new PodSummary(string.Create(CultureInfo.InvariantCulture, $"{ready}/{total}"), reason, restartText);
    }

    private static string TerminatedReason(JsonObject terminated)
    {
        if (JsonFields.String(terminated, "reason") is { Length: > 0 } reason)
        {
            return reason;
        }

        var signal = JsonFields.Integer(terminated, "signal") ?? 0;
        return signal != 0
            ? string.Create(CultureInfo.InvariantCulture, $"Signal:{signal}")
            : string.Create(CultureInfo.InvariantCulture, $"ExitCode:{JsonFields.Integer(terminated, "exitCode") ?? 0}");
    }

    private static DateTimeOffset? LastFinished(JsonObject container) =>
        TableCells.Time(JsonFields.String(JsonFields.Object(JsonFields.Object(container, "lastState"), "terminated"), "finishedAt"));

    private static DateTimeOffset? Later(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is { } value && (current is null || current < value) ? value : current;
}
