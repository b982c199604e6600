using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Hollow;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Hollow;

public class BoundPodTests
{
    [Fact]
    public void A_pod_is_reduced_to_what_its_node_needs()
    {
        var pod = BoundPod.FromObject(Json("""
            {"metadata":{"name":"web","namespace":"team","uid":"u1","resourceVersion":"12","deletionTimestamp":"2025-03-01T12:00:30Z","deletionGracePeriodSeconds":30},
             "spec":{"nodeName":"hollow-node-0",
                     "initContainers":[{"name":"setup","image":"busybox"},{"name":"proxy","image":"envoy","restartPolicy":"Always"}],
                     "containers":[{"name":"app","image":"nginx:1.27"}]},
             "status":{"phase":"Pending","qosClass":"BestEffort",
                       "conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2025-03-01T11:59:00Z"}]}}
            """));

        Assert.Equal(("team", "web", "u1", 12L, "hollow-node-0"), (pod.Namespace, pod.Name, pod.Uid, pod.ResourceVersion, pod.NodeName));
        Assert.Equal("Pending", pod.Phase);
        Assert.False(pod.ReportedRunning);
        Assert.True(pod.Deleting);
        Assert.Equal(30, pod.DeletionGracePeriodSeconds);
        Assert.Equal("2025-03-01T11:59:00Z", pod.ScheduledTime);
        Assert.Equal([new SimulatedContainer("setup", "busybox"), new SimulatedContainer("proxy", "envoy", Sidecar: true)], pod.InitContainers);
        Assert.Equal([new SimulatedContainer("app", "nginx:1.27")], pod.Containers);
        Assert.False(pod.HostNetwork);
        Assert.True(BoundPod.FromObject(Json("""{"metadata":{"name":"h"},"spec":{"hostNetwork":true,"nodeName":"n"}}""")).HostNetwork);
    }

    [Theory]
    [InlineData("""{"phase":"Running","podIP":"100.64.0.2","containerStatuses":[{"name":"a","ready":true},{"name":"b","ready":true}]}""", true)]
    [InlineData("""{"phase":"Running","podIP":"100.64.0.2","containerStatuses":[{"name":"a","ready":true},{"name":"b","ready":false}]}""", false)]
    [InlineData("""{"phase":"Running","podIP":"100.64.0.2","containerStatuses":[{"name":"a","ready":true}]}""", false)]
    [InlineData("""{"phase":"Running","containerStatuses":[{"name":"a","ready":true},{"name":"b","ready":true}]}""", false)]
    [InlineData("""{"phase":"Pending","podIP":"100.64.0.2","containerStatuses":[{"name":"a","ready":true},{"name":"b","ready":true}]}""", false)]
    public void A_pod_shows_it_runs_with_an_address_and_every_container_ready(string status, bool running)
    {
        var pod = Json("""{"metadata":{"name":"p","namespace":"d","uid":"u"},"spec":{"nodeName":"n","containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}""");
        pod["status"] = JsonNode.Parse(status);

        Assert.Equal(running, BoundPod.FromObject(pod).ReportedRunning);
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
