using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Hollow;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Hollow;

public class HollowPodStatusTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly BoundPod Pod = new("team", "web", "u1", 12, "hollow-node-0")
    {
        ScheduledTime = "2025-03-01T11:59:00Z",
        InitContainers = [new("setup", "busybox"), new("proxy", "envoy", Sidecar: true)],
        Containers = [new("app", "nginx:1.27"), new("log", "busybox")],
    };

    [Fact]
    public void The_patch_is_guarded_by_the_pods_uid_and_leaves_the_qos_class_alone()
    {
        var patch = HollowPodStatus.RunningPatch(Pod, "100.64.0.2", "127.1.0.1", "simulated", Now);

        Assert.Equal("u1", patch["metadata"]!["uid"]!.GetValue<string>());
        Assert.Null(patch["status"]!["qosClass"]);
    }

    [Fact]
    public void A_running_pod_has_the_kubelets_conditions_all_true()
    {
        var status = HollowPodStatus.Running(Pod, "100.64.0.2", "127.1.0.1", "simulated", Now);

        Assert.Equal("Running", status["phase"]!.GetValue<string>());
        var conditions = status["conditions"]!.AsArray().ToDictionary(c => c!["type"]!.GetValue<string>(), c => c!.AsObject());
        Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], conditions.Keys);
        Assert.All(conditions.Values, c => Assert.Equal("True", c["status"]!.GetValue<string>()));
        Assert.Equal("2025-03-01T11:59:00Z", conditions["PodScheduled"]["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("2025-03-01T12:00:00Z", conditions["Ready"]["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("2025-03-01T12:00:00Z", status["startTime"]!.GetValue<string>());
    }

    [Fact]
    public void A_running_pod_has_its_addresses_and_its_nodes()
    {
        var status = HollowPodStatus.Running(Pod, "100.64.0.2", "127.1.0.1", "simulated", Now);

        Assert.Equal("100.64.0.2", status["podIP"]!.GetValue<string>());
        Assert.Equal("""[{"ip":"100.64.0.2"}]""", status["podIPs"]!.ToJsonString());
        Assert.Equal("127.1.0.1", status["hostIP"]!.GetValue<string>());
        Assert.Equal("""[{"ip":"127.1.0.1"}]""", status["hostIPs"]!.ToJsonString());
    }

    [Fact]
    public void Every_container_runs_ready_and_started_under_a_simulated_container_id()
    {
        var status = HollowPodStatus.Running(Pod, "100.64.0.2", "127.1.0.1", "simulated", Now);

        var app = status["containerStatuses"]![0]!;
        Assert.Equal(2, status["containerStatuses"]!.AsArray().Count);
        Assert.Equal("app", app["name"]!.GetValue<string>());
        Assert.True(app["ready"]!.GetValue<bool>());
        Assert.True(app["started"]!.GetValue<bool>());
        Assert.Equal(0, app["restartCount"]!.GetValue<int>());
        Assert.Equal("2025-03-01T12:00:00Z", app["state"]!["running"]!["startedAt"]!.GetValue<string>());
        Assert.Equal("nginx:1.27", app["image"]!.GetValue<string>());
        Assert.Equal(HollowPodStatus.ImageId("nginx:1.27"), app["imageID"]!.GetValue<string>());
        Assert.StartsWith("sha256:", app["imageID"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("simulated://u1-app", app["containerID"]!.GetValue<string>());
    }

    [Fact]
    public void Init_containers_have_completed_and_sidecars_keep_running()
    {
        var status = HollowPodStatus.Running(Pod, "100.64.0.2", "127.1.0.1", "simulated", Now);

        var setup = status["initContainerStatuses"]![0]!;
        var proxy = status["initContainerStatuses"]![1]!;
        Assert.Equal(0, setup["state"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("Completed", setup["state"]!["terminated"]!["reason"]!.GetValue<string>());
        Assert.Equal("simulated://u1-setup", setup["containerID"]!.GetValue<string>());
        Assert.NotNull(proxy["state"]!["running"]);
        Assert.True(proxy["ready"]!.GetValue<bool>());
        Assert.Null(HollowPodStatus.Running(Pod with { InitContainers = [] }, "100.64.0.2", "127.1.0.1", "simulated", Now)["initContainerStatuses"]);
    }

    [Fact]
    public void A_pod_that_already_started_keeps_its_start_time()
    {
        var status = HollowPodStatus.Running(Pod with { StartTime = "2025-03-01T10:00:00Z" }, "100.64.0.2", "127.1.0.1", "simulated", Now);

        Assert.Equal("2025-03-01T10:00:00Z", status["startTime"]!.GetValue<string>());
    }

    [Fact]
    public void What_the_node_writes_reads_back_as_a_running_pod()
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "team", ["uid"] = "u1", ["resourceVersion"] = "13" },
            ["spec"] = new JsonObject { ["nodeName"] = "hollow-node-0", ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }, new JsonObject { ["name"] = "log", ["image"] = "busybox" }) },
            ["status"] = HollowPodStatus.Running(Pod, "100.64.0.2", "127.1.0.1", "simulated", Now),
        };

        Assert.True(BoundPod.FromObject(pod).ReportedRunning);
    }
}
