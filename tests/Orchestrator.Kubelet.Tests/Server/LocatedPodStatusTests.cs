using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Server;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Server;

public sealed class LocatedPodStatusTests
{
    [Fact]
    public void A_reported_pod_gives_each_container_its_instances()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"web","namespace":"shop","uid":"u-1"},
             "spec":{"initContainers":[{"name":"init"}],"containers":[{"name":"app"},{"name":"crashy"},{"name":"pulling"},{"name":"new"}]},
             "status":{"podIP":"100.64.1.7",
               "initContainerStatuses":[{"name":"init","containerID":"docker://i1","state":{"terminated":{"exitCode":0,"containerID":"docker://i1"}}}],
               "containerStatuses":[
                 {"name":"app","containerID":"docker://a2","state":{"running":{}},"lastState":{"terminated":{"exitCode":1,"containerID":"docker://a1"}}},
                 {"name":"crashy","containerID":"process://c3","state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":2,"containerID":"process://c3"}}},
                 {"name":"pulling","state":{"waiting":{"reason":"ImagePullBackOff"}}}]}}
            """)!.AsObject();

        var located = LocatedPodStatus.FromPod(pod, "sb-1");

        Assert.Equal(("shop", "web", "u-1", "sb-1", "100.64.1.7"), (located.Namespace, located.Name, located.Uid, located.SandboxId, located.Ip));
        Assert.Equal(new LocatedContainer("init", "i1", null, null), located.Container("init"));
        Assert.Equal(new LocatedContainer("app", "a2", null, "a1"), located.Container("app"));
        Assert.Equal(new LocatedContainer("crashy", "c3", "CrashLoopBackOff", "c3"), located.Container("crashy"));
        Assert.Equal(new LocatedContainer("pulling", null, "trying and failing to pull image", null), located.Container("pulling"));
        Assert.Equal(new LocatedContainer("new", null, null, null), located.Container("new"));
    }
}
