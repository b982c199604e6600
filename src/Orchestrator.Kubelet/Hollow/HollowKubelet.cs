using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Kubelet.Common;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// The parent of every simulated node of one process (<c>orchestrator simulate</c>): it starts a
/// <see cref="HollowNode"/> per node and feeds them from two watches for all of them — every pod bound to some
/// node (<c>spec.nodeName!=</c>) and every Node — routed by node name. One watch per node would cost the API a
/// watcher per node, each change being matched against thousands of them, and the simulator a connection
/// stream per node; one pair of watches costs the same for 3 nodes or 5,000.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
public sealed class HollowKubelet : ReceiveActor
{
    /// <summary>The pods of every node and of no other: bound ones.</summary>
    public const string BoundPodsSelector = "spec.nodeName!=";

    private readonly IKubeClient _client;
    private readonly HollowKubeletSettings _settings;
    private readonly int _count;
    private readonly Dictionary<string, IActorRef> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _started = Stopwatch.GetTimestamp();

    public HollowKubelet(IKubeClient client, HollowKubeletSettings settings, int nodes)
    {
        _client = client;
        _settings = settings;
        _count = nodes;
        Receive<HollowNodeRegistered>(OnRegistered);
        Receive<PodFeedListed>(OnPodsListed);
        Receive<PodFeedChanged>(OnPodChanged);
        Receive<NodeFeedListed>(OnNodesListed);
        Receive<NodeFeedChanged>(OnNodeChanged);
        Receive<GetRegisteredNodes>(_ => Sender.Tell(new RegisteredNodes(_registered.Order(StringComparer.Ordinal).ToArray(), _count)));
    }

    public static Props Props(IKubeClient client, HollowKubeletSettings settings, int nodes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.CheckRoomFor(nodes);
        return Akka.Actor.Props.Create(() => new HollowKubelet(client, settings, nodes));
    }

    protected override void PreStart()
    {
        for (var i = 0; i < _count; i++)
        {
            var identity = _settings.Identity(i);
            _nodes[identity.Name] = Context.ActorOf(HollowNode.Props(_client, _settings, identity), identity.Name);
        }

        var self = Self;
        var log = _log;
        var backoff = () => new RetryBackoff(_settings.RetryInitial, _settings.RetryMax);
        var pods = new CompactFeed<BoundPod>(_client, ResourceRef.Pods, BoundPodsSelector, BoundPod.FromObject);
        _ = pods.RunAsync(
            (items, _) => self.Tell(new PodFeedListed(items)),
            (type, pod) => self.Tell(new PodFeedChanged(type, pod)),
            e => log.Warning("the pod watch failed ({0}); retrying", e.Message),
            backoff(),
            _stop.Token);
        var nodes = new CompactFeed<ObservedNode>(_client, ResourceRef.Nodes, null, ObservedNode.FromObject);
        _ = nodes.RunAsync(
            (items, _) => self.Tell(new NodeFeedListed(items)),
            (type, node) => self.Tell(new NodeFeedChanged(type, node)),
            e => log.Warning("the node watch failed ({0}); retrying", e.Message),
            backoff(),
            _stop.Token);
        _log.Info("simulating {0} nodes ({1}-0 … {1}-{2})", _count, _settings.NamePrefix, _count - 1);
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private void OnRegistered(HollowNodeRegistered registered)
    {
        if (!_registered.Add(registered.Name))
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(_started);
        if (_registered.Count == _count)
        {
            _log.Info("registered {0} of {1} nodes in {2:F1} s", _registered.Count, _count, elapsed.TotalSeconds);
        }
        else if (_registered.Count % 1000 == 0)
        {
            _log.Info("registered {0} of {1} nodes ({2:F1} s)", _registered.Count, _count, elapsed.TotalSeconds);
        }
    }

    private void OnPodsListed(PodFeedListed listed)
    {
        var byNode = listed.Pods.GroupBy(p => p.NodeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<BoundPod>)g.ToArray(), StringComparer.Ordinal);
        foreach (var (name, node) in _nodes)
        {
            node.Tell(new PodsListed(byNode.GetValueOrDefault(name) ?? []));
        }
    }

    private void OnPodChanged(PodFeedChanged changed)
    {
        if (_nodes.TryGetValue(changed.Pod.NodeName, out var node))
        {
            node.Tell(changed.Type == WatchEventType.Deleted ? new PodGone(changed.Pod.Uid) : new PodObserved(changed.Pod));
        }
    }

    private void OnNodesListed(NodeFeedListed listed)
    {
        foreach (var observed in listed.Nodes)
        {
            if (_nodes.TryGetValue(observed.Name, out var node))
            {
                node.Tell(new NodeObserved(observed));
            }
        }
    }

    private void OnNodeChanged(NodeFeedChanged changed)
    {
        if (changed.Type != WatchEventType.Deleted && _nodes.TryGetValue(changed.Node.Name, out var node))
        {
            node.Tell(new NodeObserved(changed.Node));
        }
    }

    internal sealed record PodFeedListed(IReadOnlyList<BoundPod> Pods);

    internal sealed record PodFeedChanged(WatchEventType Type, BoundPod Pod);

    internal sealed record NodeFeedListed(IReadOnlyList<ObservedNode> Nodes);

    internal sealed record NodeFeedChanged(WatchEventType Type, ObservedNode Node);
}
