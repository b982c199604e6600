using Orchestrator.Kubelet.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Kubelet.Tests.Pods;

/// <summary>Probes and hooks through the runtime's exec: liveness restarts, readiness drives Ready, startup gates, postStart kills.</summary>
public sealed class PodActorProbeTests(ITestOutputHelper output) : PodActorTestBase(output)
{
    private volatile bool _healthy;

    [Fact]
    public async Task A_failing_liveness_probe_kills_and_restarts_the_container()
    {
        Runtime.Exec = (_, command) => new ExecSyncResult(command[0] == "check" ? 1 : 0, [], [], false);
        await RunPodAsync("live", """
            {"containers":[{"name":"app","image":"busybox:local",
              "livenessProbe":{"exec":{"command":["check"]},"periodSeconds":1,"failureThreshold":2}}]}
            """);

        var pod = await WaitForPodAsync("live", p => ContainerStatus(p, "app")?["restartCount"]?.GetValue<int>() >= 1);
        Assert.Contains(Runtime.CallsSnapshot(), c => c.StartsWith("StopContainer app", StringComparison.Ordinal));
        var calls = Runtime.CallsSnapshot().ToList();
        // failureThreshold 2: two failed checks before the kill.
        Assert.True(calls.Take(calls.FindIndex(c => c.StartsWith("StopContainer app", StringComparison.Ordinal))).Count(c => c == "ExecSync app check") >= 2);
        var events = await EventsAsync("live");
        Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "Unhealthy" && e["message"]!.GetValue<string>().StartsWith("Liveness probe failed", StringComparison.Ordinal));
        Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "Killing" && e["message"]!.GetValue<string>().Contains("failed liveness probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_readiness_probe_keeps_the_pod_not_Ready_until_it_passes()
    {
        Runtime.Exec = (_, _) => new ExecSyncResult(_healthy ? 0 : 1, [], [], false);
        await RunPodAsync("ready", """
            {"containers":[{"name":"app","image":"busybox:local",
              "readinessProbe":{"exec":{"command":["ready"]},"periodSeconds":1,"failureThreshold":1}}]}
            """);

        var pod = await WaitForPodAsync("ready", p => Phase(p) == "Running");
        await Task.Delay(1500);
        pod = await WaitForPodAsync("ready", p => true);
        Assert.Equal("False", Condition(pod, "Ready"));
        Assert.Equal("False", Condition(pod, "ContainersReady"));
        Assert.False(ContainerStatus(pod, "app")!["ready"]!.GetValue<bool>());
        Assert.Equal(0, ContainerStatus(pod, "app")!["restartCount"]!.GetValue<int>());

        _healthy = true;
        pod = await WaitForPodAsync("ready", p => Condition(p, "Ready") == "True");
        Assert.True(ContainerStatus(pod, "app")!["ready"]!.GetValue<bool>());
        Assert.Equal("True", Condition(pod, "ContainersReady"));
    }

    [Fact]
    public async Task Liveness_waits_for_the_startup_probe()
    {
        Runtime.Exec = (_, command) => new ExecSyncResult(command[0] == "started" ? (_healthy ? 0 : 1) : 1, [], [], false);
        await RunPodAsync("startup", """
            {"containers":[{"name":"app","image":"busybox:local",
              "startupProbe":{"exec":{"command":["started"]},"periodSeconds":1,"failureThreshold":30},
              "livenessProbe":{"exec":{"command":["alive"]},"periodSeconds":1,"failureThreshold":1}}]}
            """);

        var pod = await WaitForPodAsync("startup", p => Phase(p) == "Running");
        await Task.Delay(2000);
        Assert.DoesNotContain(Runtime.CallsSnapshot(), c => c == "ExecSync app alive");
        pod = await WaitForPodAsync("startup", p => true);
        Assert.False(ContainerStatus(pod, "app")!["started"]!.GetValue<bool>());

        _healthy = true;
        await WaitForPodAsync("startup", p => ContainerStatus(p, "app")?["restartCount"]?.GetValue<int>() >= 1);
        Assert.Contains("ExecSync app alive", Runtime.CallsSnapshot());
    }

    [Fact]
    public async Task A_failing_postStart_hook_kills_the_container()
    {
        Runtime.Exec = (_, command) => new ExecSyncResult(command[0] == "hook" ? 1 : 0, [], [], false);
        await RunPodAsync("hook", """
            {"restartPolicy":"Never","containers":[{"name":"app","image":"busybox:local","lifecycle":{"postStart":{"exec":{"command":["hook"]}}}}]}
            """);

        var pod = await WaitForPodAsync("hook", p => Phase(p) == "Failed");
        Assert.Contains(Runtime.CallsSnapshot(), c => c.StartsWith("StopContainer app", StringComparison.Ordinal));
        Assert.Contains(await EventsAsync("hook"), e => e["reason"]!.GetValue<string>() == "FailedPostStartHook");
        Assert.NotNull(ContainerStatus(pod, "app")!["state"]!["terminated"]);
    }
}
