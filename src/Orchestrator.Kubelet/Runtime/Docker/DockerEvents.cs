using Docker.DotNet.Models;

namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>An engine event as a <see cref="ContainerEvent"/> (start, die, destroy of a container), or null for any other.</summary>
internal static class DockerEvents
{
    // The attributes the engine adds beside the container's labels.
    private static readonly HashSet<string> NotLabels = ["image", "name", "exitCode", "signal", "execDuration"];

    public static ContainerEvent? From(Message message)
    {
        if (message.Type is not (null or "container") || message.Actor?.ID is not { Length: > 0 } id)
        {
            return null;
        }

        ContainerEventKind? kind = message.Action switch
        {
            "start" => ContainerEventKind.Started,
            "die" => ContainerEventKind.Exited,
            "destroy" => ContainerEventKind.Removed,
            _ => null,
        };
        if (kind is null)
        {
            return null;
        }

        var labels = (message.Actor.Attributes ?? new Dictionary<string, string>())
            .Where(a => !NotLabels.Contains(a.Key))
            .ToDictionary(a => a.Key, a => a.Value);
        return new ContainerEvent(id, kind.Value, labels);
    }
}
