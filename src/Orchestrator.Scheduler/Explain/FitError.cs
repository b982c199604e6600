using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Explain;

/// <summary>
/// Why a pod fits no node (Kubernetes' FitError and Diagnosis): the rejection of every node, the
/// PreFilter message when a PreFilter ruled out every node at once, and what preemption made of it.
/// <see cref="Message"/> is the FailedScheduling event's text and the PodScheduled condition's message.
/// </summary>
public sealed class FitError
{
    private readonly Dictionary<string, Status> _nodeStatuses;

    public FitError(int numAllNodes, IReadOnlyDictionary<string, Status> nodeStatuses, string? preFilterMessage = null, string? postFilterMessage = null)
    {
        ArgumentNullException.ThrowIfNull(nodeStatuses);
        NumAllNodes = numAllNodes;
        _nodeStatuses = new Dictionary<string, Status>(nodeStatuses, StringComparer.Ordinal);
        PreFilterMessage = preFilterMessage;
        PostFilterMessage = postFilterMessage;
    }

    public int NumAllNodes { get; }

    /// <summary>Each rejected node's status.</summary>
    public IReadOnlyDictionary<string, Status> NodeStatuses => _nodeStatuses;

    public string? PreFilterMessage { get; }

    /// <summary>"preemption: ..." when preemption found no way, empty when it nominated a node or did not run.</summary>
    public string? PostFilterMessage { get; internal set; }

    /// <summary>The plugins that rejected a node: the cluster events that concern them are the ones worth retrying on.</summary>
    public IReadOnlySet<string> UnschedulablePlugins =>
        _nodeStatuses.Values.Where(s => s.IsRejected && s.Plugin.Length > 0).Select(s => s.Plugin).ToHashSet(StringComparer.Ordinal);

    /// <summary>The FailedScheduling message, worded as kube-scheduler words it.</summary>
    public string Message => NumAllNodes == 0 && _nodeStatuses.Count == 0 && PreFilterMessage is null
        ? FailureMessage.NoNodesAvailable
        : FailureMessage.Format(NumAllNodes, _nodeStatuses.Values, null, PreFilterMessage, PostFilterMessage);

    public override string ToString() => Message;
}
