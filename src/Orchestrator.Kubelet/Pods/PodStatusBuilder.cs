using Orchestrator.Kubelet.Common;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// The pod's status from what the PodActor knows (the kubelet's generateAPIPodStatus and getPhase): phase, the
/// conditions, init and regular container statuses, addresses and start time.
/// </summary>
internal static class PodStatusBuilder
{
    /// <summary>The phase: Pending until the init containers are done and every container ran once; Succeeded or Failed once nothing more will run.</summary>
    public static string Phase(JsonObject pod, IReadOnlyList<ContainerRecord> init, IReadOnlyList<ContainerRecord> containers)
    {
        var policy = PodSpecs.RestartPolicy(pod);
        if (policy == "Never" && init.Any(c => c.Exited && !c.Succeeded))
        {
            return "Failed";
        }

        if (!init.All(c => c.Succeeded))
        {
            return "Pending";
        }

        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var c in containers)
        {
            if (c.Running)
            {
                running++;
            }
            else if (c.Exited)
            {
                stopped++;
                if (c.Succeeded)
                {
                    succeeded++;
                }
            }
            else
            {
                waiting++;
            }
        }

        if (waiting > 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return "Running";
        }

        if (stopped > 0)
        {
            return policy switch
            {
                "Always" => "Running",
                _ when stopped == succeeded => "Succeeded",
                "OnFailure" => "Running",
                _ => "Failed",
            };
        }

        return "Pending";
    }

    /// <summary>One entry of containerStatuses or initContainerStatuses.</summary>
    public static JsonObject ContainerStatus(JsonObject spec, ContainerRecord record, string runtimeName, string defaultWaitingReason)
    {
        var current = record.Current;
        JsonObject state;
        var lastState = new JsonObject();
        if (current is null || current.State is ContainerState.Created or ContainerState.Unknown)
        {
            state = Waiting(record.WaitingReason ?? defaultWaitingReason, record.WaitingMessage);
            if (record.Previous is { } before && before.State == ContainerState.Exited)
            {
                lastState = Terminated(before, runtimeName);
            }
        }
        else if (current.State == ContainerState.Running)
        {
            state = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(current.StartedAt ?? current.CreatedAt) } };
            if (record.Previous is { } before && before.State == ContainerState.Exited)
            {
                lastState = Terminated(before, runtimeName);
            }
        }
        else if (record.WaitingReason is { } reason)
        {
            state = Waiting(reason, record.WaitingMessage);
            lastState = Terminated(current, runtimeName);
        }
        else
        {
            state = Terminated(current, runtimeName);
            if (record.Previous is { } before && before.State == ContainerState.Exited)
            {
                lastState = Terminated(before, runtimeName);
            }
        }

        var status = new JsonObject
        {
            ["name"] = record.Name,
            ["state"] = state,
            ["lastState"] = lastState,
            ["ready"] = record.Running && record.Ready && record.Started,
            ["restartCount"] = record.RestartCount,
            ["image"] = PodSpecs.Str(spec, "image") ?? "",
            ["imageID"] = current?.ImageRef ?? "",
            ["started"] = record.Running && record.Started,
        };
        if (current is not null)
        {
            status["containerID"] = $"{runtimeName}://{current.Id}";
        }

        return status;
    }

    /// <summary>A pod condition, keeping its lastTransitionTime when its status did not change.</summary>
    public static JsonObject Condition(string type, bool status, string? reason, string? message, JsonObject? old, DateTimeOffset now)
    {
        var text = status ? "True" : "False";
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = old is not null && PodSpecs.Str(old, "status") == text && PodSpecs.Str(old, "lastTransitionTime") is { } kept ? kept : Time(now),
        };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }

    public static string Time(DateTimeOffset time) => KubeTimes.Time(time);

    private static JsonObject Waiting(string reason, string? message)
    {
        var waiting = new JsonObject { ["reason"] = reason };
        if (!string.IsNullOrEmpty(message))
        {
            waiting["message"] = message;
        }

        return new JsonObject { ["waiting"] = waiting };
    }

    private static JsonObject Terminated(Runtime.ContainerStatus container, string runtimeName)
    {
        var exitCode = container.ExitCode ?? 0;
        var terminated = new JsonObject
        {
            ["exitCode"] = exitCode,
            ["reason"] = container.Reason is { Length: > 0 } reason ? reason : exitCode == 0 ? "Completed" : "Error",
            ["startedAt"] = Time(container.StartedAt ?? container.CreatedAt),
            ["finishedAt"] = Time(container.FinishedAt ?? container.StartedAt ?? container.CreatedAt),
            ["containerID"] = $"{runtimeName}://{container.Id}",
        };
        if (!string.IsNullOrEmpty(container.Message))
        {
            terminated["message"] = container.Message;
        }

        return new JsonObject { ["terminated"] = terminated };
    }
}
