using System.Diagnostics;
using System.Globalization;
using Orchestrator.Scheduler.Framework;
using Xunit;
using Xunit.Abstractions;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests;

/// <summary>
/// Times 1,000 scheduling attempts (schedule, then assume) against 5,000 nodes and prints the rate.
/// Not a timed assertion: the thresholds live in the benchmarks. Run with
/// <c>dotnet test --filter ThroughputTests --logger "console;verbosity=detailed"</c> to see the figures.
/// </summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    private const int NodeCount = 5000;
    private const int PodCount = 1000;

    [Fact]
    public void Plain_pods_against_5000_nodes()
    {
        var pods = Pods(i => Pod($"p{i}").Label("app", "web" + (i % 20)).Container("cpu", "100m", "memory", "128Mi"));
        Measure("plain pods", pods);
    }

    [Fact]
    public void Pods_spreading_over_zones_against_5000_nodes()
    {
        var pods = Pods(i => Pod($"p{i}").Label("app", "web" + (i % 20)).Container("cpu", "100m", "memory", "128Mi")
            .Spread(1, "topology.kubernetes.io/zone", "ScheduleAnyway", """{"matchLabels": {"app": "web""" + (i % 20).ToString(CultureInfo.InvariantCulture) + "\"}}"));
        Measure("zone-spread pods", pods);
    }

    private static (PodInfo[] Pods, TimeSpan Parse) Pods(Func<int, TestSupport.PodBuilder> build)
    {
        var json = Enumerable.Range(0, PodCount).Select(i => build(i).Build()).ToArray();
        var watch = Stopwatch.StartNew();
        var pods = json.Select(PodInfo.FromPod).ToArray();
        return (pods, watch.Elapsed);
    }

    private void Measure(string what, (PodInfo[] Pods, TimeSpan Parse) input)
    {
        var snapshot = new Snapshot();
        for (var i = 0; i < NodeCount; i++)
        {
            snapshot.UpsertNode(Node("node-" + i.ToString("D4", CultureInfo.InvariantCulture))
                .Label("topology.kubernetes.io/zone", "zone-" + (i % 10).ToString(CultureInfo.InvariantCulture))
                .Cpu("32").Memory("128Gi").Build());
        }

        var algorithm = new SchedulingAlgorithm(random: new Random(1));

        // Warm up (the hot paths are compiled fully optimized at once, the rest tiers up): attempts without assuming
        // leave the snapshot as it was.
        for (var i = 0; i < 200; i++)
        {
            algorithm.Schedule(input.Pods[i], snapshot);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var evaluated = 0L;
        foreach (var pod in input.Pods)
        {
            var result = algorithm.Schedule(pod, snapshot);
            Assert.True(result.Succeeded, result.FailureMessage);
            evaluated += result.EvaluatedNodes;
            snapshot.AssumePod(pod, result.SelectedNode!);
        }

        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {PodCount} pods against {NodeCount} nodes in {watch.Elapsed.TotalMilliseconds:F0} ms = {PodCount / watch.Elapsed.TotalSeconds:F0} pods/s "
            + $"(process CPU {cpu.TotalMilliseconds:F0} ms = {PodCount / cpu.TotalSeconds:F0} pods per CPU-second) "
            + $"({evaluated / PodCount} nodes filtered per pod, {bytes / PodCount / 1024.0:F1} KiB allocated per pod; parsing the {PodCount} pods took {input.Parse.TotalMilliseconds:F0} ms)"));

        Assert.Equal(PodCount, snapshot.PodCount);
        output.WriteLine($"  at most {snapshot.Nodes.Max(node => node.Pods.Count)} pods landed on one node");
    }
}
