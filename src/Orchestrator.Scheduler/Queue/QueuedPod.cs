using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Queue;

/// <summary>
/// A pod waiting to be scheduled (kube-scheduler's QueuedPodInfo): the latest object the informer showed, its
/// priority, when it entered the queue (FIFO among equals), how many attempts it has had (its back-off), and
/// which plugins rejected it last (which cluster changes may help it).
/// </summary>
public sealed class QueuedPod
{
    internal QueuedPod(string key, JsonObject pod, int priority, DateTimeOffset now)
    {
        Key = key;
        Pod = pod;
        Priority = priority;
        Timestamp = now;
        InitialAttemptTimestamp = now;
    }

    /// <summary>The pod's uid (namespace/name without one).</summary>
    public string Key { get; }

    /// <summary>The pod as last seen; the queue never changes it.</summary>
    public JsonObject Pod { get; internal set; }

    public int Priority { get; internal set; }

    /// <summary>When the pod last entered the queue: the FIFO order among equal priorities, and the start of its back-off.</summary>
    public DateTimeOffset Timestamp { get; internal set; }

    /// <summary>When the pod was first added.</summary>
    public DateTimeOffset InitialAttemptTimestamp { get; }

    /// <summary>Scheduling attempts so far (counted when popped).</summary>
    public int Attempts { get; internal set; }

    public QueueLocation Location { get; internal set; }

    /// <summary>The plugins that rejected every node in the last attempt (empty after an error).</summary>
    public IReadOnlySet<string> UnschedulablePlugins { get; internal set; } = EmptyPlugins;

    /// <summary>When its back-off ends (Timestamp plus the back-off for its attempts).</summary>
    public DateTimeOffset BackoffExpiry { get; internal set; }

    /// <summary>Bumped on every move, so stale heap entries are recognised and skipped.</summary>
    internal long Version { get; set; }

    /// <summary>Global arrival order, the tie-breaker after the timestamp.</summary>
    internal long Sequence { get; set; }

    private static IReadOnlySet<string> EmptyPlugins { get; } = new HashSet<string>();

    public override string ToString() => $"{Pod["metadata"]?["namespace"]}/{Pod["metadata"]?["name"]}";
}
