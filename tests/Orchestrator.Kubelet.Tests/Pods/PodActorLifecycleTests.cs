using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Kubelet.Tests.Pods;

/// <summary>The PodActor's containers from start to end: completion, crash loops, images, init containers, adoption, deletion.</summary>
public sealed class PodActorLifecycleTests(ITestOutputHelper output) : PodActorTestBase(output)
{
    [Fact]
    public async Task A_pod_that_runs_to_completion_Succeeds_with_its_container_Completed_and_kept()
    {
        Runtime.Behaviour = _ => (TimeSpan.FromMilliseconds(200), 0);
        await RunPodAsync("job", """{"restartPolicy":"Never","containers":[{"name":"app","image":"busybox:local","command":["true"]}]}""");

        var pod = await WaitForPodAsync("job", p => Phase(p) == "Succeeded");

        var terminated = ContainerStatus(pod, "app")!["state"]!["terminated"]!;
        Assert.Equal("Completed", terminated["reason"]!.GetValue<string>());
        Assert.Equal(0, terminated["exitCode"]!.GetValue<int>());
        Assert.StartsWith("fake://", ContainerStatus(pod, "app")!["containerID"]!.GetValue<string>());
        Assert.Equal("100.64.0.1", KubeObject.GetString(pod, "status", "podIP"));
        Assert.Equal("127.0.0.1", KubeObject.GetString(pod, "status", "hostIP"));
        Assert.Equal("False", Condition(pod, "Ready"));
        Assert.NotNull(KubeObject.GetString(pod, "status", "startTime"));
        // Kept for its logs until the pod is deleted, and not run again.
        Assert.Single(Runtime.Containers(), c => c.Config.Name == "app");
        Assert.Single(Runtime.StartsSnapshot());
        var reasons = (await EventsAsync("job")).Select(e => e["reason"]!.GetValue<string>()).ToList();
        Assert.Contains("Created", reasons);
        Assert.Contains("Started", reasons);
    }

    [Fact]
    public async Task A_crashing_container_restarts_with_a_doubling_back_off_and_shows_CrashLoopBackOff()
    {
        Runtime.Behaviour = _ => (TimeSpan.FromMilliseconds(50), 1);
        await RunPodAsync("crash", """{"containers":[{"name":"app","image":"busybox:local"}]}""");

        await WaitForAsync(() => Runtime.StartsSnapshot().Count >= 5, "five starts");
        var starts = Runtime.StartsSnapshot().Select(s => s.At).ToList();
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).ToList();
        // First restart at once; then 400 ms, 800 ms, 1600 ms (the maximum), each after the 50 ms run.
        Assert.True(gaps[0] < TimeSpan.FromMilliseconds(350), $"gaps {string.Join(", ", gaps)}");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(400), $"gaps {string.Join(", ", gaps)}");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(800), $"gaps {string.Join(", ", gaps)}");
        Assert.True(gaps[3] >= TimeSpan.FromMilliseconds(1600), $"gaps {string.Join(", ", gaps)}");

        var pod = await WaitForPodAsync("crash", p => WaitingReason(p, "app") == "CrashLoopBackOff");
        var status = ContainerStatus(pod, "app")!;
        Assert.True(status["restartCount"]!.GetValue<int>() >= 3);
        Assert.Equal("Error", status["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
        Assert.Equal("Running", Phase(pod));
        // Only the current and the last dead container are kept.
        Assert.True(Runtime.Containers().Count(c => c.Config.Name == "app") <= 2);
    }

    [Fact]
    public async Task A_container_whose_start_failed_is_created_anew_and_runs()
    {
        Runtime.StartFailures = 1;
        await RunPodAsync("unstarted", """{"containers":[{"name":"app","image":"busybox:local"}]}""");

        await WaitForPodAsync("unstarted", p => ContainerStatus(p, "app")?["state"]?["running"] is not null);
        // The container left created by the failed start was removed, not kept beside the one that runs.
        var app = Assert.Single(Runtime.Containers(), c => c.Config.Name == "app");
        Assert.Equal(ContainerState.Running, app.State);
        Assert.Contains((await EventsAsync("unstarted")).Select(e => e["reason"]!.GetValue<string>()), r => r == "Failed");
    }

    [Fact]
    public async Task A_container_killed_from_outside_is_restarted_at_once_with_its_restart_count()
    {
        await RunPodAsync("killed", """{"containers":[{"name":"app","image":"busybox:local"}]}""");
        await WaitForPodAsync("killed", p => ContainerStatus(p, "app")?["state"]?["running"] is not null);
        Runtime.ExitNow(Runtime.Containers().Single().Id, 137);

        var pod = await WaitForPodAsync("killed", p => ContainerStatus(p, "app")?["restartCount"]?.GetValue<int>() == 1 && ContainerStatus(p, "app")?["state"]?["running"] is not null);
        Assert.Equal(137, ContainerStatus(pod, "app")!["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("1", Runtime.Containers().Single(c => c.State == ContainerState.Running).Config.Labels[RuntimeLabels.RestartCount]);
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_shows_ErrImagePull_then_ImagePullBackOff()
    {
        await RunPodAsync("noimage", """{"containers":[{"name":"app","image":"registry.invalid/nothing:1.0"}]}""");

        await WaitForPodAsync("noimage", p => WaitingReason(p, "app") == "ErrImagePull");
        var pod = await WaitForPodAsync("noimage", p => WaitingReason(p, "app") == "ImagePullBackOff");
        Assert.Equal("Pending", Phase(pod));
        Assert.Empty(Runtime.Containers());
        var events = await EventsAsync("noimage");
        Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "Failed" && e["message"]!.GetValue<string>().Contains("Failed to pull image", StringComparison.Ordinal));
        Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "Pulling");

        // Once the image can be pulled, the next try after the back-off runs the container.
        lock (Runtime.Pullable)
        {
            Runtime.Pullable.Add("registry.invalid/nothing:1.0");
        }

        await WaitForPodAsync("noimage", p => Phase(p) == "Running");
    }

    [Fact]
    public async Task Never_pulled_images_that_are_missing_show_ErrImageNeverPull()
    {
        await RunPodAsync("never", """{"containers":[{"name":"app","image":"missing:1.0","imagePullPolicy":"Never"}]}""");
        await WaitForPodAsync("never", p => WaitingReason(p, "app") == "ErrImageNeverPull");
        Assert.DoesNotContain(Runtime.CallsSnapshot(), c => c.StartsWith("PullImage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Init_containers_run_in_order_each_to_completion_before_the_containers()
    {
        Runtime.Behaviour = c => c.Name.StartsWith("init", StringComparison.Ordinal) ? (TimeSpan.FromMilliseconds(100), 0) : null;
        await RunPodAsync("inits", """
            {"initContainers":[{"name":"init1","image":"busybox:local"},{"name":"init2","image":"busybox:local"}],
             "containers":[{"name":"app","image":"busybox:local"}]}
            """);

        var pod = await WaitForPodAsync("inits", p => Phase(p) == "Running");
        Assert.Equal(["init1", "init2", "app"], Runtime.StartsSnapshot().Select(s => s.Name));
        Assert.Equal("True", Condition(pod, "Initialized"));
        Assert.Equal("Completed", ContainerStatus(pod, "init2", "initContainerStatuses")!["state"]!["terminated"]!["reason"]!.GetValue<string>());
        var calls = Runtime.CallsSnapshot().ToList();
        Assert.True(calls.IndexOf("Exited init1 0") < calls.IndexOf("StartContainer init2"));
        Assert.True(calls.IndexOf("Exited init2 0") < calls.IndexOf("StartContainer app"));
    }

    [Fact]
    public async Task A_failing_init_container_is_retried_and_holds_the_containers_back()
    {
        Runtime.Behaviour = c => c.Name == "init" ? (TimeSpan.FromMilliseconds(50), 2) : null;
        await RunPodAsync("badinit", """{"initContainers":[{"name":"init","image":"busybox:local"}],"containers":[{"name":"app","image":"busybox:local"}]}""");

        var pod = await WaitForPodAsync("badinit", p => ContainerStatus(p, "init", "initContainerStatuses")?["restartCount"]?.GetValue<int>() >= 2);
        Assert.Equal("Pending", Phase(pod));
        Assert.Equal("PodInitializing", WaitingReason(pod, "app"));
        Assert.DoesNotContain(Runtime.StartsSnapshot(), s => s.Name == "app");
    }

    [Fact]
    public async Task An_existing_sandbox_and_containers_of_the_pod_are_adopted_not_duplicated()
    {
        var body = Json("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"adopt","namespace":"default"},"spec":{"nodeName":"node-a","containers":[{"name":"app","image":"busybox:local"}]}}""");
        var created = await Client.CreateAsync(ResourceRef.Pods, body);
        var uid = KubeObject.Uid(created)!;
        var labels = new Dictionary<string, string> { [RuntimeLabels.PodUid] = uid, [RuntimeLabels.PodName] = "adopt", [RuntimeLabels.PodNamespace] = "default", [RuntimeLabels.NodeName] = NodeName };
        var sandbox = Runtime.AddSandbox(new PodSandboxStatus { Id = "old-sandbox", PodUid = uid, PodName = "adopt", PodNamespace = "default", State = SandboxState.Ready, Ip = "100.64.0.77", Labels = labels });
        Runtime.AddRunningContainer(sandbox, new ContainerConfig
        {
            Name = "app",
            Image = "busybox:local",
            Labels = new Dictionary<string, string>(labels) { [RuntimeLabels.ContainerName] = "app", [RuntimeLabels.RestartCount] = "2" },
        });

        var actor = Sys.ActorOf(Orchestrator.Kubelet.Pods.PodActor.Props(new Orchestrator.Kubelet.Pods.PodActorContext(created, Runtime, Client, Node, Settings)));
        Runtime.Listener = actor;
        var pod = await WaitForPodAsync("adopt", p => Phase(p) == "Running");

        Assert.Equal("100.64.0.77", KubeObject.GetString(pod, "status", "podIP"));
        Assert.Equal(2, ContainerStatus(pod, "app")!["restartCount"]!.GetValue<int>());
        Assert.DoesNotContain(Runtime.CallsSnapshot(), c => c.StartsWith("RunPodSandbox", StringComparison.Ordinal) || c.StartsWith("CreateContainer", StringComparison.Ordinal));
        Assert.Single(Runtime.Sandboxes());
        Sys.Stop(actor);
    }

    [Fact]
    public async Task Deleting_a_pod_runs_preStop_then_stops_with_the_grace_then_removes_it_from_the_API()
    {
        var (_, actor) = await RunPodAsync("graceful", """
            {"terminationGracePeriodSeconds":7,
             "containers":[{"name":"app","image":"busybox:local","lifecycle":{"preStop":{"exec":{"command":["/bin/sh","-c","echo bye"]}}}}]}
            """);
        await WaitForPodAsync("graceful", p => Phase(p) == "Running");

        await Client.DeleteAsync(ResourceRef.Pods, "default", "graceful");
        var deleting = await Client.GetAsync(ResourceRef.Pods, "default", "graceful");
        Assert.NotNull(KubeObject.DeletionTimestamp(deleting));
        Watch(actor);
        actor.Tell(new Orchestrator.Kubelet.Pods.PodSpecChanged(deleting));

        await ExpectTerminatedAsync(actor, Timeout);
        var calls = Runtime.CallsSnapshot().ToList();
        var preStop = calls.FindIndex(c => c.StartsWith("ExecSync app /bin/sh -c echo bye", StringComparison.Ordinal));
        var stop = calls.FindIndex(c => c.StartsWith("StopContainer app", StringComparison.Ordinal));
        Assert.True(preStop >= 0 && stop > preStop, string.Join(", ", calls));
        Assert.Matches("StopContainer app [67]s", calls[stop]);
        Assert.Contains(calls, c => c.StartsWith("RemovePodSandbox", StringComparison.Ordinal));
        Assert.Empty(Runtime.Sandboxes());
        var gone = await Assert.ThrowsAsync<KubeApiException>(() => Client.GetAsync(ResourceRef.Pods, "default", "graceful"));
        Assert.True(gone.IsNotFound);
    }

    [Fact]
    public async Task A_pod_removed_from_the_API_is_killed_at_once()
    {
        var (pod, actor) = await RunPodAsync("removed", """{"containers":[{"name":"app","image":"busybox:local"}]}""");
        await WaitForPodAsync("removed", p => Phase(p) == "Running");
        Watch(actor);
        actor.Tell(new Orchestrator.Kubelet.Pods.PodRemovedFromApi(KubeObject.Uid(pod)!));

        await ExpectTerminatedAsync(actor, Timeout);
        Assert.Contains("StopContainer app 0s", Runtime.CallsSnapshot());
        Assert.Empty(Runtime.Sandboxes());
    }
    [Fact]
    public async Task OnFailure_restarts_a_failed_container_and_Succeeds_once_it_exits_zero()
    {
        var runs = 0;
        Runtime.Behaviour = _ => (TimeSpan.FromMilliseconds(50), Interlocked.Increment(ref runs) < 3 ? 1 : 0);
        await RunPodAsync("onfailure", """{"restartPolicy":"OnFailure","containers":[{"name":"app","image":"busybox:local"}]}""");

        var pod = await WaitForPodAsync("onfailure", p => Phase(p) == "Succeeded");
        Assert.Equal(2, ContainerStatus(pod, "app")!["restartCount"]!.GetValue<int>());
        Assert.Equal("Completed", ContainerStatus(pod, "app")!["state"]!["terminated"]!["reason"]!.GetValue<string>());
        Assert.Equal(3, Runtime.StartsSnapshot().Count);
    }

    [Fact]
    public async Task A_node_shutdown_stops_the_containers_within_its_grace_and_keeps_the_pod_in_the_API()
    {
        var (_, actor) = await RunPodAsync("shutdown", """{"containers":[{"name":"app","image":"busybox:local"}]}""");
        await WaitForPodAsync("shutdown", p => Phase(p) == "Running");
        Watch(actor);
        actor.Tell(new Orchestrator.Kubelet.Pods.StopPodForShutdown(TimeSpan.FromSeconds(3)));

        await ExpectTerminatedAsync(actor, Timeout);
        Assert.Contains(Runtime.CallsSnapshot(), c => c is "StopContainer app 3s" or "StopContainer app 2s");
        Assert.Contains(Runtime.CallsSnapshot(), c => c.StartsWith("StopPodSandbox", StringComparison.Ordinal));
        Assert.NotNull(await Client.GetAsync(ResourceRef.Pods, "default", "shutdown"));
    }
    [Fact]
    public async Task A_container_removed_from_outside_is_created_anew_with_the_next_restart_count()
    {
        await RunPodAsync("removedcontainer", """{"containers":[{"name":"app","image":"busybox:local"}]}""");
        await WaitForPodAsync("removedcontainer", p => ContainerStatus(p, "app")?["state"]?["running"] is not null);
        var first = Runtime.Containers().Single();
        await Runtime.RemoveContainerAsync(first.Id, CancellationToken.None);
        Runtime.Listener!.Tell(new Orchestrator.Kubelet.Pods.ContainerEventObserved(new ContainerEvent(first.Id, ContainerEventKind.Removed, first.Config.Labels)));

        var pod = await WaitForPodAsync("removedcontainer", p => ContainerStatus(p, "app")?["restartCount"]?.GetValue<int>() == 1 && ContainerStatus(p, "app")?["state"]?["running"] is not null);
        Assert.Equal("ContainerStatusUnknown", ContainerStatus(pod, "app")!["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
        Assert.Single(Runtime.Containers());
    }

    [Fact]
    public async Task A_new_PodActor_for_a_pod_being_deleted_stops_the_containers_it_finds_with_their_preStop_hooks()
    {
        var body = Json("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"leftover","namespace":"default"},
             "spec":{"nodeName":"node-a","terminationGracePeriodSeconds":9,
                     "containers":[{"name":"app","image":"busybox:local","lifecycle":{"preStop":{"exec":{"command":["drain"]}}}}]}}
            """);
        var created = await Client.CreateAsync(ResourceRef.Pods, body);
        var uid = KubeObject.Uid(created)!;
        var labels = new Dictionary<string, string> { [RuntimeLabels.PodUid] = uid, [RuntimeLabels.PodName] = "leftover", [RuntimeLabels.PodNamespace] = "default", [RuntimeLabels.NodeName] = NodeName };
        var sandbox = Runtime.AddSandbox(new PodSandboxStatus { Id = "left-sandbox", PodUid = uid, PodName = "leftover", PodNamespace = "default", State = SandboxState.Ready, Ip = "100.64.0.9", Labels = labels });
        Runtime.AddRunningContainer(sandbox, new ContainerConfig { Name = "app", Image = "busybox:local", Labels = new Dictionary<string, string>(labels) { [RuntimeLabels.ContainerName] = "app" } });
        await Client.DeleteAsync(ResourceRef.Pods, "default", "leftover");
        var deleting = await Client.GetAsync(ResourceRef.Pods, "default", "leftover");

        var actor = Sys.ActorOf(Orchestrator.Kubelet.Pods.PodActor.Props(new Orchestrator.Kubelet.Pods.PodActorContext(deleting, Runtime, Client, Node, Settings)));
        Watch(actor);
        await ExpectTerminatedAsync(actor, Timeout);

        var calls = Runtime.CallsSnapshot().ToList();
        Assert.True(calls.IndexOf("ExecSync app drain") >= 0 && calls.FindIndex(c => c.StartsWith("StopContainer app", StringComparison.Ordinal)) > calls.IndexOf("ExecSync app drain"), string.Join(", ", calls));
        Assert.Matches("StopContainer app [89]s", calls.First(c => c.StartsWith("StopContainer app", StringComparison.Ordinal)));
        Assert.Empty(Runtime.Sandboxes());
        Assert.DoesNotContain(calls, c => c.StartsWith("RunPodSandbox", StringComparison.Ordinal));
        Assert.True((await Assert.ThrowsAsync<KubeApiException>(() => Client.GetAsync(ResourceRef.Pods, "default", "leftover"))).IsNotFound);
    }
}
