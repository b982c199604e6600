using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Tests.TestSupport;

/// <summary>Runs one plugin's extension points as the framework would.</summary>
internal static class Run
{
    /// <summary>PreFilter (a Skip passes every node) then Filter on one node.</summary>
    public static Status? Filter(IFilterPlugin plugin, PodInfo pod, Snapshot snapshot, string node)
    {
        var state = new CycleState();
        if (plugin is IPreFilterPlugin pre && pre.PreFilter(state, pod, snapshot) is { } status)
        {
            if (status.Code == StatusCode.Skip)
            {
                return null;
            }

            return status;
        }

        return plugin.Filter(state, pod, snapshot.GetNode(node) ?? throw new InvalidOperationException("no node " + node));
    }

    /// <summary>The nodes of the snapshot the plugin lets through, by name.</summary>
    public static string[] Feasible(IFilterPlugin plugin, PodInfo pod, Snapshot snapshot) =>
        [.. snapshot.Nodes.Where(node => Filter(plugin, pod, snapshot, node.Name) is null).Select(node => node.Name).Order(StringComparer.Ordinal)];

    /// <summary>PreScore, Score and NormalizeScores over the named nodes; every node 0 when PreScore skips.</summary>
    public static Dictionary<string, long> Scores(IScorePlugin plugin, PodInfo pod, Snapshot snapshot, params string[] nodes)
    {
        var infos = nodes.Length == 0 ? [.. snapshot.Nodes] : nodes.Select(name => snapshot.GetNode(name)!).ToArray();
        var state = new CycleState();
        var scores = new long[infos.Length];
        if (plugin is IPreScorePlugin pre && pre.PreScore(state, pod, infos, snapshot) is { Code: StatusCode.Skip })
        {
            return infos.ToDictionary(node => node.Name, _ => 0L);
        }

        for (var i = 0; i < infos.Length; i++)
        {
            scores[i] = plugin.Score(state, pod, infos[i]);
        }

        plugin.NormalizeScores(state, pod, infos, scores);
        return infos.Select((node, i) => (node.Name, scores[i])).ToDictionary(pair => pair.Name, pair => pair.Item2);
    }

    /// <summary>A snapshot of these nodes, with these pods bound (each built with OnNode).</summary>
    public static Snapshot Snapshot(IEnumerable<NodeBuilder> nodes, params PodBuilder[] pods)
    {
        var snapshot = new Snapshot();
        foreach (var node in nodes)
        {
            snapshot.UpsertNode(node.Build());
        }

        foreach (var pod in pods)
        {
            snapshot.AddOrUpdatePod(pod.Info());
        }

        return snapshot;
    }
}
