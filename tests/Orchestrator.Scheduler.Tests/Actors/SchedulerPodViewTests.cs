using System.Text.Json.Nodes;
using Orchestrator.Scheduler.Actors;
using Orchestrator.Scheduler.Framework;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Actors;

/// <summary>The scheduler's pods informer keeps only what scheduling reads, and schedules from it exactly as from the whole pod.</summary>
public sealed class SchedulerPodViewTests
{
    [Fact]
    public void The_view_drops_what_scheduling_never_reads_and_keeps_its_whole_scheduling_view()
    {
        var pod = Pod("web").Label("app", "web").Priority(50).Nominated("n1").Started(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture))
            .Container("cpu", "250m", "memory", "64Mi").InitContainer("cpu", "1").HostPort(8080).NodeSelector("disk", "ssd")
            .Toleration("dedicated", "Equal", "web", "NoSchedule").Spread(1, "zone", "DoNotSchedule", """{"matchLabels":{"app":"web"}}""").Build();
        var container = (JsonObject)pod["spec"]!["containers"]![0]!;
        container["image"] = "busybox";
        container["env"] = new JsonArray(new JsonObject { ["name"] = "SECRET", ["value"] = "x" });
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["emptyDir"] = new JsonObject() });
        pod["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["nominatedNodeName"] = "n1",
            ["startTime"] = "2026-01-01T00:00:00Z",
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable" },
                new JsonObject { ["type"] = "Ready", ["status"] = "False" }),
            ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "c0" }),
        };
        var parsed = JsonNode.Parse(pod.ToJsonString())!.AsObject();

        var view = SchedulerPodView.Strip(parsed);

        var keptContainer = (JsonObject)view["spec"]!["containers"]![0]!;
        Assert.Null(keptContainer["image"]);
        Assert.Null(keptContainer["env"]);
        Assert.Null(view["spec"]!["volumes"]);
        Assert.Null(view["status"]!["containerStatuses"]);
        Assert.Equal(["PodScheduled"], view["status"]!["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()));

        var whole = PodInfo.FromPod(parsed);
        var fromView = PodInfo.FromPod(view);
        Assert.Equal((whole.Key, whole.Priority, whole.NominatedNodeName, whole.StartTime), (fromView.Key, fromView.Priority, fromView.NominatedNodeName, fromView.StartTime));
        Assert.Equal(whole.Requests.ToString(), fromView.Requests.ToString());
        Assert.Equal(whole.Labels, fromView.Labels);
        Assert.Equal(whole.HostPorts, fromView.HostPorts);
        Assert.Equal(whole.Tolerations.Count, fromView.Tolerations.Count);
        Assert.Equal(whole.TopologySpreadConstraints.Count, fromView.TopologySpreadConstraints.Count);
        Assert.Equal(whole.RequiredNodeAffinity.ToString(), fromView.RequiredNodeAffinity.ToString());
    }

    [Fact]
    public void Views_of_different_pods_share_their_names_and_repeated_values_but_not_a_pods_own()
    {
        static JsonObject View(string name) =>
            SchedulerPodView.Strip(JsonNode.Parse(Pod(name).Label("app", "web").Container("cpu", "250m").Build().ToJsonString())!.AsObject());

        var a = View("first");
        var b = View("second");

        string Key(JsonObject view) => ((JsonObject)view["spec"]!["containers"]![0]!["resources"]!).Single().Key;
        Assert.Same(Key(a), Key(b));
        Assert.Same(a["metadata"]!["labels"]!["app"]!.GetValue<string>(), b["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Same(a["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>(),
            b["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>());
        Assert.Equal(["first", "second"], new[] { a, b }.Select(v => v["metadata"]!["name"]!.GetValue<string>()));
    }
}
