using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class TaintTolerationTests
{
    private readonly TaintToleration _plugin = new();

    private readonly Snapshot _snapshot = Run.Snapshot([
        Node("plain"),
        Node("gpu").Taint("dedicated", "gpu", "NoSchedule"),
        Node("draining").Taint("maintenance", "", "NoExecute"),
        Node("soft").Taint("spot", "true", "PreferNoSchedule"),
    ]);

    [Fact]
    public void NoSchedule_and_NoExecute_taints_keep_an_intolerant_pod_away_PreferNoSchedule_does_not()
    {
        Assert.Equal(["plain", "soft"], Run.Feasible(_plugin, Pod().Info(), _snapshot));
    }

    [Fact]
    public void The_reason_names_the_first_untolerated_taint_and_preemption_cannot_help()
    {
        var status = Run.Filter(_plugin, Pod().Info(), _snapshot, "gpu")!;

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal(["node(s) had untolerated taint {dedicated: gpu}"], status.Reasons);
        Assert.Equal(["node(s) had untolerated taint {maintenance: }"], Run.Filter(_plugin, Pod().Info(), _snapshot, "draining")!.Reasons);
    }

    [Theory]
    [InlineData("dedicated", "Equal", "gpu", "NoSchedule", true)]
    [InlineData("dedicated", "Equal", "gpu", "", true)]
    [InlineData("dedicated", "Equal", "cpu", "NoSchedule", false)]
    [InlineData("dedicated", "Exists", "", "NoSchedule", true)]
    [InlineData("dedicated", "Exists", "", "NoExecute", false)]
    [InlineData("other", "Exists", "", "", false)]
    [InlineData("", "Exists", "", "", true)]
    [InlineData("", "Exists", "", "NoSchedule", true)]
    [InlineData("", "Exists", "", "PreferNoSchedule", false)]
    public void Toleration_matching(string key, string op, string value, string effect, bool tolerated)
    {
        var pod = Pod().Toleration(key, op, value, effect).Info();
        Assert.Equal(tolerated, Run.Filter(_plugin, pod, _snapshot, "gpu") is null);
    }

    [Fact]
    public void Score_prefers_nodes_with_fewer_untolerated_PreferNoSchedule_taints()
    {
        var snapshot = Run.Snapshot([
            Node("none"),
            Node("one").Taint("a", "", "PreferNoSchedule"),
            Node("two").Taint("a", "", "PreferNoSchedule").Taint("b", "", "PreferNoSchedule"),
            Node("hard").Taint("c", "", "NoSchedule"),
        ]);

        var scores = Run.Scores(_plugin, Pod().Info(), snapshot);
        Assert.Equal(100, scores["none"]);
        Assert.Equal(50, scores["one"]);
        Assert.Equal(0, scores["two"]);
        Assert.Equal(100, scores["hard"]);

        // A PreferNoSchedule toleration (or one for every effect) counts; a NoSchedule one does not.
        var tolerant = Run.Scores(_plugin, Pod().Toleration("a", "Exists", effect: "PreferNoSchedule").Toleration("b", "Exists", effect: "NoSchedule").Info(), snapshot);
        Assert.Equal(100, tolerant["one"]);
        Assert.Equal(0, tolerant["two"]);
    }

    [Fact]
    public void Without_PreferNoSchedule_taints_every_node_scores_100()
    {
        Assert.All(Run.Scores(_plugin, Pod().Info(), Run.Snapshot([Node("a"), Node("b")])).Values, score => Assert.Equal(100, score));
    }
}
