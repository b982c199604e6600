using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

/// <summary>A pod's status on create, its QoS class, status writes, deletion grace and field selectors.</summary>
public sealed class PodLifecycleTests
{
    private readonly PodStrategy _strategy = new();

    private JsonObject Created(string containers, string initContainers = "[]")
    {
        var pod = Json($$$"""{"metadata":{"name":"p","namespace":"default"},"spec":{"initContainers":{{{initContainers}}},"containers":{{{containers}}}}}""");
        _strategy.Default(pod);
        _strategy.PrepareForCreate(pod);
        return pod;
    }

    [Theory]
    [InlineData("""[{"name":"a","image":"x"}]""", "[]", "BestEffort")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]""", "[]", "Guaranteed")]
    [InlineData("""[{"name":"a","image":"x","resources":{"requests":{"cpu":"1000m","memory":"1Gi"},"limits":{"cpu":"1","memory":"1024Mi"}}}]""", "[]", "Guaranteed")]
    [InlineData("""[{"name":"a","image":"x","resources":{"requests":{"cpu":"500m","memory":"1Gi"},"limits":{"cpu":"1","memory":"1Gi"}}}]""", "[]", "Burstable")]
    [InlineData("""[{"name":"a","image":"x","resources":{"requests":{"memory":"64Mi"}}}]""", "[]", "Burstable")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1"}}}]""", "[]", "Burstable")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}},{"name":"b","image":"x"}]""", "[]", "Burstable")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]""", """[{"name":"i","image":"x"}]""", "Burstable")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"0","memory":"0"}}}]""", "[]", "BestEffort")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"example.com/gpu":"1"}}}]""", "[]", "BestEffort")]
    public void Create_sets_pending_and_the_QoS_class(string containers, string initContainers, string qosClass)
    {
        var pod = Created(containers, initContainers);

        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(qosClass, pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Fact]
    public void A_gated_pod_reports_why_it_is_not_scheduled()
    {
        var pod = Json("""{"metadata":{"name":"p"},"spec":{"schedulingGates":[{"name":"example.com/quota"}],"containers":[{"name":"a","image":"x"}]}}""");
        _strategy.Default(pod);
        _strategy.PrepareForCreate(pod);

        var condition = pod["status"]!["conditions"]![0]!;
        Assert.Equal("PodScheduled", condition["type"]!.GetValue<string>());
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal("SchedulingGated", condition["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"nodeName":"n"}""", 30)]
    [InlineData("""{"nodeName":"n","terminationGracePeriodSeconds":5}""", 5)]
    [InlineData("""{"nodeName":"n","terminationGracePeriodSeconds":0}""", 0)]
    [InlineData("""{"nodeName":"n","terminationGracePeriodSeconds":-3}""", 1)]
    public void Deletion_waits_the_termination_grace_period(string spec, long grace)
    {
        Assert.Equal(grace, _strategy.DefaultGracePeriodSeconds(Json($$"""{"spec":{{spec}}}""")));
    }

    [Theory]
    [InlineData("""{"spec":{"terminationGracePeriodSeconds":5}}""")]
    [InlineData("""{"spec":{"nodeName":"n","terminationGracePeriodSeconds":5},"status":{"phase":"Succeeded"}}""")]
    [InlineData("""{"spec":{"nodeName":"n"},"status":{"phase":"Failed"}}""")]
    public void A_pod_with_no_process_to_stop_goes_at_once(string pod)
    {
        Assert.Null(_strategy.DefaultGracePeriodSeconds(Json(pod)));
    }

    private static JsonObject Running() => Json("""
        {"metadata":{"name":"p"},
         "spec":{"restartPolicy":"Never","nodeName":"node-1","containers":[{"name":"a","image":"x"}],"initContainers":[{"name":"i","image":"x"}]},
         "status":{"phase":"Running","qosClass":"BestEffort","podIP":"10.244.1.5","podIPs":[{"ip":"10.244.1.5"},{"ip":"fd00::5"}],
                   "hostIP":"10.0.0.1","hostIPs":[{"ip":"10.0.0.1"}],
                   "conditions":[{"type":"Ready","status":"True"},{"type":"example.com/warm","status":"True"}],
                   "initContainerStatuses":[{"name":"i","state":{"terminated":{"exitCode":0}}}],
                   "containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":1}}}]}}
        """);

    [Fact]
    public void A_valid_status_write_passes()
    {
        var old = Running();
        var update = Patch(old, """{"status":{"phase":"Failed","nominatedNodeName":"node-2"}}""");

        Valid(_strategy.ValidateStatusUpdate(update, old));
    }

    [Fact]
    public void A_status_write_without_a_QoS_class_keeps_the_stored_one_valid()
    {
        var old = Running();

        Valid(_strategy.ValidateStatusUpdate(Patch(old, """{"status":{"qosClass":null}}"""), old));
    }

    public static TheoryData<string, string, FieldErrorType> InvalidStatuses => new()
    {
        { """{"status":{"qosClass":"Guaranteed"}}""", "status.qosClass", FieldErrorType.Invalid },
        { """{"status":{"nominatedNodeName":"Node_2"}}""", "status.nominatedNodeName", FieldErrorType.Invalid },
        { """{"status":{"podIP":"10.244.1","podIPs":null}}""", "status.podIP", FieldErrorType.Invalid },
        { """{"status":{"podIPs":[{"ip":"10.244.1.999"}]}}""", "status.podIPs[0]", FieldErrorType.Invalid },
        { """{"status":{"podIPs":[{"ip":"10.244.1.5"},{"ip":"10.244.1.6"}]}}""", "status.podIPs", FieldErrorType.Invalid },
        { """{"status":{"podIPs":[{"ip":"10.244.1.5"},{"ip":"10.244.1.5"}]}}""", "status.podIPs[1]", FieldErrorType.Duplicate },
        { """{"status":{"hostIPs":[{"ip":"10.0.0.2"}]}}""", "status.hostIPs[0].ip", FieldErrorType.Invalid },
        { """{"status":{"conditions":[{"type":"not valid!","status":"True"}]}}""", "status.conditions[0].type", FieldErrorType.Invalid },
        { """{"status":{"containerStatuses":[{"name":"a","state":{"running":{}}}]}}""", "status.containerStatuses[0].state", FieldErrorType.Forbidden },
        { """{"status":{"initContainerStatuses":[{"name":"i","state":{"waiting":{}}}]}}""", "status.initContainerStatuses[0].state", FieldErrorType.Forbidden },
        { """{"status":"Running"}""", "status", FieldErrorType.TypeInvalid },
    };

    [Theory]
    [MemberData(nameof(InvalidStatuses))]
    public void Invalid_status_writes_are_refused(string patch, string field, FieldErrorType type)
    {
        var old = Running();

        HasError(_strategy.ValidateStatusUpdate(Patch(old, patch), old), field, type);
    }

    [Theory]
    [InlineData("Always", 0, true)]
    [InlineData("OnFailure", 1, true)]
    [InlineData("OnFailure", 0, false)]
    [InlineData("Never", 1, false)]
    public void A_terminated_container_restarts_only_when_the_policy_allows(string restartPolicy, int exitCode, bool allowed)
    {
        var old = Json("""
            {"spec":{"restartPolicy":"POLICY","containers":[{"name":"a","image":"x"}]},
             "status":{"containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":CODE}}}]}}
            """.Replace("POLICY", restartPolicy, StringComparison.Ordinal).Replace("CODE", exitCode.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var update = Patch(old, """{"status":{"containerStatuses":[{"name":"a","state":{"running":{"startedAt":"2024-01-01T00:00:00Z"}}}]}}""");

        Assert.Equal(allowed, _strategy.ValidateStatusUpdate(update, old).IsEmpty);
    }

    [Fact]
    public void A_sidecar_init_container_may_restart_under_restart_policy_never()
    {
        var old = Json("""
            {"spec":{"restartPolicy":"Never","initContainers":[{"name":"proxy","image":"x","restartPolicy":"Always"}],"containers":[{"name":"a","image":"x"}]},
             "status":{"initContainerStatuses":[{"name":"proxy","state":{"terminated":{"exitCode":0}}}]}}
            """);

        Valid(_strategy.ValidateStatusUpdate(Patch(old, """{"status":{"initContainerStatuses":[{"name":"proxy","state":{"running":{}}}]}}"""), old));
    }

    [Theory]
    [InlineData("spec.nodeName", "node-1")]
    [InlineData("spec.restartPolicy", "Never")]
    [InlineData("spec.schedulerName", "default-scheduler")]
    [InlineData("spec.serviceAccountName", "default")]
    [InlineData("spec.hostNetwork", "false")]
    [InlineData("status.phase", "Running")]
    [InlineData("status.podIP", "10.244.1.5")]
    [InlineData("status.nominatedNodeName", "")]
    [InlineData("metadata.name", "p")]
    public void Field_selectors_read_pod_fields(string field, string value)
    {
        var pod = Running();
        _strategy.Default(pod);

        Assert.Equal(value, _strategy.GetSelectableField(pod, field));
    }

    [Theory]
    [InlineData("""{"status":{"podIPs":[{"ip":"10.1.1.1"}]}}""", "10.1.1.1")]
    [InlineData("""{"status":{}}""", "")]
    [InlineData("""{"spec":{"hostNetwork":true}}""", "true")]
    public void Pod_ip_and_host_network_selectors_have_Kubernetes_fallbacks(string pod, string value)
    {
        var field = pod.Contains("hostNetwork", StringComparison.Ordinal) ? "spec.hostNetwork" : "status.podIP";

        Assert.Equal(value, _strategy.GetSelectableField(Json(pod), field));
    }
}
