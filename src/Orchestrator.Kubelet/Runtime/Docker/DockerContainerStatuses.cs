using Docker.DotNet.Models;

namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>An inspected Docker container in the CRI's terms (state, exit code, Kubernetes' reason words, times).</summary>
internal static class DockerContainerStatuses
{
    public static ContainerStatus ToStatus(ContainerInspectResponse inspect)
    {
        var labels = inspect.Config?.Labels is { } l ? new Dictionary<string, string>(l) : new Dictionary<string, string>();
        var state = inspect.State;
        var containerState = ToState(state?.Status);
        if (containerState == ContainerState.Created && !string.IsNullOrEmpty(state?.Error))
        {
            // A start that failed (no such executable, bad mount) leaves the container "created" with the error and
            // exit code 127 or 128: to the kubelet it ended, and cannot run.
            containerState = ContainerState.Exited;
        }

        var startedAt = DockerTimes.Parse(state?.StartedAt);
        var finishedAt = containerState == ContainerState.Exited ? DockerTimes.Parse(state?.FinishedAt) : null;
        if (startedAt > finishedAt)
        {
            // The engine stamps StartedAt when its start call returns, which for a command that ends at once can be
            // after the exit it recorded: a container never finishes before it started.
            startedAt = finishedAt;
        }

        int? exitCode = containerState == ContainerState.Exited && state is not null ? (int)state.ExitCode : null;
        return new ContainerStatus
        {
            Id = inspect.ID,
            SandboxId = labels.GetValueOrDefault(DockerLabels.SandboxId, ""),
            Name = labels.GetValueOrDefault(RuntimeLabels.ContainerName, inspect.Name?.TrimStart('/') ?? ""),
            State = containerState,
            Image = inspect.Config?.Image ?? "",
            ImageRef = inspect.Image ?? "",
            CreatedAt = ToUtc(inspect.Created),
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            ExitCode = exitCode,
            Reason = containerState == ContainerState.Exited ? ExitReason(state!) : null,
            Message = containerState == ContainerState.Exited && !string.IsNullOrEmpty(state!.Error) ? state.Error : null,
            Labels = labels,
        };
    }

    /// <summary>Docker.DotNet's Newtonsoft reader may hand back local or unspecified kinds; the engine speaks UTC.</summary>
    public static DateTimeOffset ToUtc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? new DateTimeOffset(time.ToUniversalTime()) : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static ContainerState ToState(string? status) => status switch
    {
        "created" => ContainerState.Created,
        "running" or "paused" or "restarting" => ContainerState.Running,
        "exited" or "dead" => ContainerState.Exited,
        _ => ContainerState.Unknown,
    };

    /// <summary>Kubernetes' words for why a container ended (dockershim's mapping).</summary>
    private static string ExitReason(global::Docker.DotNet.Models.ContainerState state)
    {
        if (state.OOMKilled)
        {
            return "OOMKilled";
        }

        if (!string.IsNullOrEmpty(state.Error))
        {
            return "ContainerCannotRun";
        }

        return state.ExitCode == 0 ? "Completed" : "Error";
    }
}
