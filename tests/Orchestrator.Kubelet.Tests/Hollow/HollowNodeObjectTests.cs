using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Common;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Hollow;

public class HollowNodeObjectTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HollowKubeletSettings Settings = TestSupport.TestSettings.From("orchestrator.simulate.capacity.cpu = \"4\"");
    private static readonly HollowNodeIdentity Identity = Settings.Identity(2);

    [Fact]
    public void A_node_registers_with_the_kubelets_labels()
    {
        var node = HollowNodeObject.Node(Identity, Settings, Now);

        Assert.Equal("v1", node["apiVersion"]!.GetValue<string>());
        Assert.Equal("Node", node["kind"]!.GetValue<string>());
        Assert.Equal("hollow-node-2", node["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["beta.kubernetes.io/arch"] = "amd64",
                ["beta.kubernetes.io/os"] = "linux",
                ["kubernetes.io/arch"] = "amd64",
                ["kubernetes.io/hostname"] = "hollow-node-2",
                ["kubernetes.io/os"] = "linux",
                ["node.kubernetes.io/instance-type"] = "simulated",
            },
            node["metadata"]!["labels"]!.AsObject().ToDictionary(l => l.Key, l => l.Value!.GetValue<string>()));
    }

    [Fact]
    public void The_status_has_capacity_and_allocatable_addresses_and_node_info()
    {
        var status = HollowNodeObject.Status(Identity, Settings, [], Now);

        var capacity = status["capacity"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["cpu"] = "4", ["ephemeral-storage"] = "100Gi", ["memory"] = "32Gi", ["pods"] = "110" }, capacity);
        Assert.True(JsonNode.DeepEquals(status["capacity"], status["allocatable"]));
        Assert.Equal("""[{"type":"InternalIP","address":"127.1.0.3"},{"type":"Hostname","address":"hollow-node-2"}]""", status["addresses"]!.ToJsonString());
        Assert.Equal(10250, status["daemonEndpoints"]!["kubeletEndpoint"]!["Port"]!.GetValue<int>());
        var info = status["nodeInfo"]!;
        Assert.Equal("v1.32.0", info["kubeletVersion"]!.GetValue<string>());
        Assert.Equal("simulated://1.0.0", info["containerRuntimeVersion"]!.GetValue<string>());
        Assert.Equal("linux", info["operatingSystem"]!.GetValue<string>());
        Assert.Equal("amd64", info["architecture"]!.GetValue<string>());
        Assert.Equal(32, info["machineID"]!.GetValue<string>().Length);
        Assert.Equal(info["machineID"]!.GetValue<string>(), HollowNodeObject.Status(Identity, Settings, [], Now.AddHours(1))["nodeInfo"]!["machineID"]!.GetValue<string>());
    }

    [Fact]
    public void The_conditions_are_the_kubelets_with_its_reasons_and_messages()
    {
        var status = HollowNodeObject.Status(Identity, Settings, [], Now);

        var conditions = status["conditions"]!.AsArray().Select(c => (
            Type: c!["type"]!.GetValue<string>(), Status: c["status"]!.GetValue<string>(), Reason: c["reason"]!.GetValue<string>(),
            Message: c["message"]!.GetValue<string>(), Heartbeat: c["lastHeartbeatTime"]!.GetValue<string>(), Transition: c["lastTransitionTime"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [
                ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            conditions.Select(c => (c.Type, c.Status, c.Reason, c.Message)));
        Assert.All(conditions, c => Assert.Equal(("2025-03-01T12:00:00Z", "2025-03-01T12:00:00Z"), (c.Heartbeat, c.Transition)));
    }

    [Fact]
    public void A_condition_keeps_its_transition_time_while_its_status_holds_and_gets_a_new_one_when_it_changes()
    {
        NodeConditionState[] observed =
        [
            new("Ready", "Unknown", "2025-03-01T11:00:00Z"),
            new("MemoryPressure", "False", "2025-03-01T10:00:00Z"),
        ];

        var conditions = HollowNodeObject.Status(Identity, Settings, observed, Now)["conditions"]!.AsArray()
            .ToDictionary(c => c!["type"]!.GetValue<string>(), c => c!["lastTransitionTime"]!.GetValue<string>());

        Assert.Equal("2025-03-01T10:00:00Z", conditions["MemoryPressure"]);
        Assert.Equal("2025-03-01T12:00:00Z", conditions["Ready"]);
        Assert.Equal("2025-03-01T12:00:00Z", conditions["DiskPressure"]);
    }

    [Fact]
    public void The_fingerprint_of_a_status_ignores_heartbeats_only()
    {
        JsonObject NodeWith(JsonObject status) => new() { ["status"] = status };
        var first = NodeWith(HollowNodeObject.Status(Identity, Settings, [], Now));
        var later = NodeWith(HollowNodeObject.Status(Identity, Settings, HollowNodeObject.Conditions(first), Now.AddMinutes(5)));
        var changed = (JsonObject)later.DeepClone();
        changed["status"]!["conditions"]![3]!["status"] = "Unknown";

        Assert.Equal(HollowNodeObject.StatusFingerprint(first), HollowNodeObject.StatusFingerprint(later));
        Assert.NotEqual(HollowNodeObject.StatusFingerprint(first), HollowNodeObject.StatusFingerprint(changed));
        Assert.Equal("", HollowNodeObject.StatusFingerprint(new JsonObject()));
    }

    [Fact]
    public void The_lease_is_held_by_the_node_owned_by_it_and_renewed_with_a_micro_time()
    {
        var lease = NodeLeaseObject.Lease("hollow-node-2", "uid-1", TimeSpan.FromSeconds(40), Now.AddTicks(1234560), "17");

        Assert.Equal("""
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"hollow-node-2","namespace":"kube-node-lease",
            "ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"hollow-node-2","uid":"uid-1"}],"resourceVersion":"17"},
            "spec":{"holderIdentity":"hollow-node-2","leaseDurationSeconds":40,"renewTime":"2025-03-01T12:00:00.123456Z"}}
            """.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal), lease.ToJsonString());
        Assert.Equal(Now.AddTicks(1234560), NodeLeaseObject.RenewTime(lease));

        var created = NodeLeaseObject.Lease("n", null, TimeSpan.FromSeconds(40), Now, null);
        Assert.Null(created["metadata"]!["ownerReferences"]);
        Assert.Null(created["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public void An_observed_node_has_its_ipv4_pod_cidr_and_its_conditions()
    {
        var node = HollowNodeObject.Node(Identity, Settings, Now);
        node["metadata"]!["uid"] = "u";
        node["metadata"]!["resourceVersion"] = "42";
        node["spec"] = JsonNode.Parse("""{"podCIDR":"fd00::/64","podCIDRs":["fd00::/64","100.64.9.0/24"]}""");

        var observed = ObservedNode.FromObject(node);

        Assert.Equal(("hollow-node-2", "u", 42L, "100.64.9.0/24"), (observed.Name, observed.Uid, observed.ResourceVersion, observed.PodCidr));
        Assert.Equal(4, observed.Conditions.Count);
        Assert.Equal(HollowNodeObject.StatusFingerprint(node), observed.StatusFingerprint);
        Assert.Null(ObservedNode.FromObject(new JsonObject { ["spec"] = new JsonObject() }).PodCidr);
    }
}
