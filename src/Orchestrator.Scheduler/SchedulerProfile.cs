using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;

namespace Orchestrator.Scheduler;

/// <summary>
/// The plugins one scheduler runs, in order, and the weights of its score plugins (Kubernetes'
/// framework for one profile). It runs the per-node extension points; <see cref="SchedulingAlgorithm"/>
/// drives a whole attempt.
/// </summary>
public sealed class SchedulerProfile
{
    private readonly IPlugin[] _plugins;
    private readonly IPreFilterPlugin[] _preFilters;
    private readonly IFilterPlugin[] _filters;
    private readonly IPreFilterExtensions[] _extensions;
    private readonly IScorePlugin[] _scores;
    private readonly int[] _weights;

    /// <summary>A profile of these plugins; a score plugin runs when its weight is above 0 (missing weights are 1).</summary>
    public SchedulerProfile(IEnumerable<IPlugin> plugins, IReadOnlyDictionary<string, int> scoreWeights)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(scoreWeights);
        _plugins = [.. plugins];
        _preFilters = [.. _plugins.OfType<IPreFilterPlugin>()];
        _filters = [.. _plugins.OfType<IFilterPlugin>()];
        _extensions = [.. _plugins.OfType<IPreFilterExtensions>()];
        var scores = _plugins.OfType<IScorePlugin>()
            .Select(plugin => (Plugin: plugin, Weight: scoreWeights.TryGetValue(plugin.Name, out var weight) ? weight : 1))
            .Where(score => score.Weight > 0)
            .ToList();
        _scores = [.. scores.Select(score => score.Plugin)];
        _weights = [.. scores.Select(score => score.Weight)];
    }

    /// <summary>
    /// Kubernetes' default plugins (those this scheduler has) in its order: NodeUnschedulable,
    /// TaintToleration, NodeReady, NodeAffinity, NodePorts, NodeResourcesFit, PodTopologySpread,
    /// InterPodAffinity, NodeResourcesBalancedAllocation; weights from the settings.
    /// </summary>
    public static SchedulerProfile CreateDefault(SchedulerSettings? settings = null)
    {
        settings ??= new SchedulerSettings();
        var plugins = new List<IPlugin> { new NodeUnschedulable(), new TaintToleration() };
        if (settings.NodeReadyFilter)
        {
            plugins.Add(new NodeReady());
        }

        plugins.AddRange(
        [
            new NodeAffinity(),
            new NodePorts(),
            new NodeResourcesFit(),
            new PodTopologySpread(),
            new InterPodAffinity(settings.HardPodAffinityWeight),
            new NodeResourcesBalancedAllocation(),
        ]);
        return new SchedulerProfile(plugins, settings.Weights.ByName());
    }

    public IReadOnlyList<IPlugin> Plugins => _plugins;

    /// <summary>The score plugins that run (weight above 0), in order.</summary>
    public IReadOnlyList<IScorePlugin> ScorePlugins => _scores;

    internal ReadOnlySpan<IScorePlugin> ScoreSpan => _scores;

    internal ReadOnlySpan<int> WeightSpan => _weights;

    /// <summary>A score plugin's weight; 0 when it does not score.</summary>
    public int WeightOf(string plugin)
    {
        var index = Array.FindIndex(_scores, score => score.Name == plugin);
        return index < 0 ? 0 : _weights[index];
    }

    /// <summary>Runs every PreFilter; the first rejection (or error) is returned, and skipped plugins' filters are left out of this cycle.</summary>
    public Status? RunPreFilters(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var plugin in _preFilters)
        {
            var status = plugin.PreFilter(state, pod, snapshot);
            if (status is null || status.Code == StatusCode.Success)
            {
                continue;
            }

            if (status.Code == StatusCode.Skip)
            {
                state.SkipFilter(plugin.Name);
                continue;
            }

            return status;
        }

        state.ActiveFilters = state.SkippedFilters.Count == 0 ? _filters : [.. _filters.Where(filter => !state.SkippedFilters.Contains(filter.Name))];
        return null;
    }

    /// <summary>Runs the cycle's filters on one node, stopping at the first that rejects it; null when it fits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Status? RunFilters(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var filter in state.ActiveFilters)
        {
            if (filter.Filter(state, pod, node) is { } status && status.Code != StatusCode.Success)
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>Tells the PreFilter extensions that a pod was added to a node (preemption's dry run).</summary>
    public void RunAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node)
    {
        foreach (var extension in _extensions)
        {
            extension.AddPod(state, podToSchedule, podToAdd, node);
        }
    }

    /// <summary>Tells the PreFilter extensions that a pod was removed from a node (preemption's dry run).</summary>
    public void RunRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo node)
    {
        foreach (var extension in _extensions)
        {
            extension.RemovePod(state, podToSchedule, podToRemove, node);
        }
    }
}
