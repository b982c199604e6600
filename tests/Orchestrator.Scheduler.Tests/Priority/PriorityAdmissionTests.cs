using System.Net;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;
using static Orchestrator.Scheduler.Tests.TestSupport.ClusterObjects;

namespace Orchestrator.Scheduler.Tests.Priority;

/// <summary>
/// scheduling.k8s.io/v1 PriorityClass and the Priority admission over the API, as kubectl would meet them: the
/// built-in system classes exist, a pod's priority comes from its class or the global default, a class that
/// does not exist is refused with Kubernetes' 403, and a stated priority must agree with the class.
/// </summary>
public sealed class PriorityAdmissionTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public PriorityAdmissionTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "priority-admission", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_system_classes_are_built_in_and_give_their_pods_their_priority()
    {
        var critical = await Client.GetAsync(PriorityClasses, null, "system-cluster-critical");
        var node = await Client.GetAsync(PriorityClasses, null, "system-node-critical");
        Assert.Equal((2000000000L, 2000001000L), (KubeObject.GetInt64(critical, "value")!.Value, KubeObject.GetInt64(node, "value")!.Value));

        var pod = Pod("dns", priorityClassName: "system-cluster-critical");
        var created = await Client.CreateAsync(ResourceRef.Pods, pod);
        Assert.Equal(2000000000L, KubeObject.GetInt64(created, "spec", "priority"));
        Assert.Equal("PreemptLowerPriority", KubeObject.GetString(created, "spec", "preemptionPolicy"));
    }

    [Fact]
    public async Task A_pod_gets_its_class_value_and_policy_or_the_global_default_or_zero()
    {
        var plain = await Client.CreateAsync(ResourceRef.Pods, Pod("before-default"));
        Assert.Equal((0L, null), (KubeObject.GetInt64(plain, "spec", "priority")!.Value, KubeObject.GetString(plain, "spec", "priorityClassName")));

        await Client.CreateAsync(PriorityClasses, PriorityClass("batch", 100, preemptionPolicy: "Never"));
        await Client.CreateAsync(PriorityClasses, PriorityClass("normal", 500, globalDefault: true));
        var batch = await Client.CreateAsync(ResourceRef.Pods, Pod("batch", priorityClassName: "batch"));
        Assert.Equal((100L, "Never"), (KubeObject.GetInt64(batch, "spec", "priority")!.Value, KubeObject.GetString(batch, "spec", "preemptionPolicy")));

        var defaulted = await Client.CreateAsync(ResourceRef.Pods, Pod("defaulted"));
        Assert.Equal((500L, "normal"), (KubeObject.GetInt64(defaulted, "spec", "priority")!.Value, KubeObject.GetString(defaulted, "spec", "priorityClassName")));

        // Only one default.
        var second = await Assert.ThrowsAsync<KubeApiException>(() => Client.CreateAsync(PriorityClasses, PriorityClass("other", 1, globalDefault: true)));
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Contains("PriorityClass normal is already marked as default. Only one default can exist", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_class_or_a_stated_priority_that_disagrees_is_forbidden()
    {
        var missing = await Assert.ThrowsAsync<KubeApiException>(() => Client.CreateAsync(ResourceRef.Pods, Pod("orphan", priorityClassName: "nonexistent")));
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal("pods \"orphan\" is forbidden: no PriorityClass with name nonexistent was found", missing.Status?.Message);

        var stated = Pod("stated");
        stated["spec"]!["priority"] = 7;
        var disagreeing = await Assert.ThrowsAsync<KubeApiException>(() => Client.CreateAsync(ResourceRef.Pods, stated));
        Assert.Equal(HttpStatusCode.Forbidden, disagreeing.StatusCode);
        Assert.Equal(
            "pods \"stated\" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name",
            disagreeing.Status?.Message);
    }

    [Fact]
    public async Task Class_values_are_bounded_and_fixed_once_created()
    {
        var tooHigh = await Assert.ThrowsAsync<KubeApiException>(() => Client.CreateAsync(PriorityClasses, PriorityClass("huge", 1_000_000_001)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooHigh.StatusCode);
        Assert.Contains("maximum allowed value of a user defined priority is 1000000000", tooHigh.Message, StringComparison.Ordinal);

        var reserved = await Assert.ThrowsAsync<KubeApiException>(() => Client.CreateAsync(PriorityClasses, PriorityClass("system-mine", 10)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reserved.StatusCode);

        var created = await Client.CreateAsync(PriorityClasses, PriorityClass("fixed", 10));
        created["value"] = 20;
        var changed = await Assert.ThrowsAsync<KubeApiException>(() => Client.UpdateAsync(PriorityClasses, created));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Contains("may not be changed in an update", changed.Message, StringComparison.Ordinal);
    }
}
