using System.Diagnostics;
using System.Text.Json.Nodes;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Pods;

/// <summary>Reporting the pod's status through pods/{name}/status, only when it changed.</summary>
public sealed partial class PodActor
{
    private readonly long _workerStarted = Stopwatch.GetTimestamp();
    private TimeSpan? _runningAfter;
    private DateTimeOffset? _startTime;
    private string? _lastStatus;

    /// <summary>Builds the status and writes it when it differs from what was written last; returns the phase.</summary>
    private async Task<string> UpdateStatusAsync()
    {
        var now = _clock.GetUtcNow();
        var old = _pod["status"] as JsonObject ?? [];
        var oldConditions = PodSpecs.Objects(old["conditions"]).ToDictionary(c => PodSpecs.Str(c, "type") ?? "", c => c);
        var init = PodSpecs.InitContainers(Pod).Select(c => _records[PodSpecs.Str(c, "name") ?? ""]).ToList();
        var containers = PodSpecs.Containers(Pod).Select(c => _records[PodSpecs.Str(c, "name") ?? ""]).ToList();
        var phase = PodStatusBuilder.Phase(Pod, init, containers);
        var initialized = init.All(c => c.Succeeded);
        var notReady = containers.Where(c => !(c.Running && c.Ready && c.Started)).Select(c => c.Name).ToList();
        var terminal = phase is "Succeeded" or "Failed";

        var conditions = new JsonArray
        {
            PodStatusBuilder.Condition("PodReadyToStartContainers", _sandboxId is not null && !_sandboxStopped, null, null, oldConditions.GetValueOrDefault("PodReadyToStartContainers"), now),
            PodStatusBuilder.Condition("Initialized", initialized, initialized ? null : "ContainersNotInitialized",
                initialized ? null : $"containers with incomplete status: [{string.Join(' ', init.Where(c => !c.Succeeded).Select(c => c.Name))}]", oldConditions.GetValueOrDefault("Initialized"), now),
        };
        foreach (var type in (ReadOnlySpan<string>)["Ready", "ContainersReady"])
        {
            var (reason, message) = terminal ? ("PodCompleted", (string?)null) : notReady.Count > 0 ? ("ContainersNotReady", $"containers with unready status: [{string.Join(' ', notReady)}]") : (null, null);
            conditions.Add(PodStatusBuilder.Condition(type, notReady.Count == 0 && !terminal, reason, message, oldConditions.GetValueOrDefault(type), now));
        }

        conditions.Add(oldConditions.GetValueOrDefault("PodScheduled")?.DeepClone() ?? PodStatusBuilder.Condition("PodScheduled", true, null, null, null, now));

        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = conditions,
            ["hostIP"] = _context.Node.PrimaryIp,
            ["hostIPs"] = new JsonArray([.. _context.Node.NodeIps.DefaultIfEmpty(_context.Node.PrimaryIp).Select(ip => (JsonNode)new JsonObject { ["ip"] = ip })]),
        };
        if (_podIp is not null)
        {
            status["podIP"] = _podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = _podIp });
        }

        _startTime ??= PodSpecs.Str(old, "startTime") is { } started && DateTimeOffset.TryParse(started, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : now;
        status["startTime"] = PodStatusBuilder.Time(_startTime.Value);
        if (init.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray([.. PodSpecs.InitContainers(Pod).Zip(init, (spec, record) => (JsonNode)PodStatusBuilder.ContainerStatus(spec, record, _runtime.Name, "PodInitializing"))]);
        }

        var waitingReason = initialized ? "ContainerCreating" : "PodInitializing";
        status["containerStatuses"] = new JsonArray([.. PodSpecs.Containers(Pod).Zip(containers, (spec, record) => (JsonNode)PodStatusBuilder.ContainerStatus(spec, record, _runtime.Name, waitingReason))]);

        // What the kubelet does not own (qosClass, nominatedNodeName…) is kept as the API has it.
        foreach (var (field, value) in old)
        {
            if (!status.ContainsKey(field) && field is not ("reason" or "message"))
            {
                status[field] = value?.DeepClone();
            }
        }

        var text = status.ToJsonString();
        if (text == _lastStatus || JsonNode.DeepEquals(status, old))
        {
            return phase;
        }

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["uid"] = _uid }, ["status"] = status };
        try
        {
            var updated = await _client.PatchAsync(ResourceRef.Pods, _ns, _name, PatchType.Merge, patch, "status", None);
            _lastStatus = text;
            if (phase == "Running" && _runningAfter is null)
            {
                // Pod start as the kubelet sees it (its worker's start to the Running status written), to tell it from the control plane's part.
                _runningAfter = Stopwatch.GetElapsedTime(_workerStarted);
                _log.Debug("pod {0}/{1}: Running {2:F0} ms after its worker started ({3} container(s) created while the sandbox started)", _ns, _name, _runningAfter.Value.TotalMilliseconds, _createdEarlyCount);
            }

            if (KubeObject.Uid(updated) == _uid)
            {
                _pod = updated;
            }
        }
        catch (KubeApiException failure) when (failure.IsNotFound || failure.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // The pod is gone or replaced by another of the same name: the kubelet tells us.
            _log.Info("pod {0}/{1}: status not written: {2}", _ns, _name, failure.Message);
        }

        return phase;
    }
}
