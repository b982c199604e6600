using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Kubelet.Common;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Kubelet.Tests.Hollow;

/// <summary>
/// Every message of the simulator is plain data that round-trips through Akka's serializer (what
/// <c>serialize-messages = on</c> checks on every send in the actor tests), with its lists and nested records.
/// </summary>
public sealed class HollowMessageSerializationTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit("akka.actor.provider = local", "hollow-messages", output)
{
    private static readonly BoundPod Pod = new("default", "web", "u1", 12, "sim-0")
    {
        Phase = "Running",
        PodIp = "127.128.0.2",
        ReportedRunning = true,
        DeletionTimestamp = "2025-03-01T12:00:30Z",
        DeletionGracePeriodSeconds = 30,
        InitContainers = new[] { new SimulatedContainer("setup", "busybox", Sidecar: true) },
        Containers = new[] { new SimulatedContainer("app", "nginx") },
    };

    private static readonly ObservedNode Node = new("sim-0", "n1", 7)
    {
        PodCidr = "100.64.0.0/24",
        StatusFingerprint = "ABC",
        Conditions = new[] { new NodeConditionState("Ready", "True", "2025-03-01T12:00:00Z"), new NodeConditionState("DiskPressure", "False", null) },
    };

    public static TheoryData<object> Messages() =>
    [
        new NodeObserved(Node),
        new PodsListed(new[] { Pod, Pod with { Uid = "u2" } }),
        new PodsListed([]),
        new PodObserved(Pod),
        new PodGone("u1"),
        new HollowNodeRegistered("sim-0"),
        new GetRegisteredNodes(),
        new RegisteredNodes(new[] { "sim-0", "sim-1" }, 3),
        new HollowKubelet.PodFeedListed(new List<BoundPod> { Pod }),
        new HollowKubelet.PodFeedChanged(WatchEventType.Deleted, Pod),
        new HollowKubelet.NodeFeedListed(new List<ObservedNode> { Node }),
        new HollowKubelet.NodeFeedChanged(WatchEventType.Modified, Node),
        new HollowNode.Register(),
        new HollowNode.Registered(Node),
        new HollowNode.RegistrationFailed("503"),
        new HollowNode.RenewLease(),
        new HollowNode.LeaseRenewed("12"),
        new HollowNode.LeaseRenewed(null),
        new HollowNode.LeaseRenewFailed("409", Forget: true),
        new HollowNode.SyncStatus(),
        new HollowNode.StatusPosted(Node),
        new HollowNode.StatusPostFailed("404"),
        new HollowNode.RetryPod("u1"),
        new HollowNode.PodStarted("u1", 13),
        new HollowNode.PodStartFailed("u1", "409", Gone: true),
        new HollowNode.StopPod("u1"),
        new HollowNode.PodRemoved("u1"),
        new HollowNode.PodRemoveFailed("u1", "500"),

        // As the simulator builds them from what the API sends (a list type of the compiler's own would not deserialize).
        new PodObserved(BoundPod.FromObject(JsonNode.Parse("""
            {"metadata":{"name":"p","namespace":"d","uid":"u","resourceVersion":"3"},
             "spec":{"nodeName":"sim-0","initContainers":[{"name":"i","image":"x"}],"containers":[{"name":"c","image":"y"}]},
             "status":{"phase":"Running","podIP":"127.128.0.2","conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2025-03-01T12:00:00Z"}]}}
            """)!.AsObject())),
        new NodeObserved(ObservedNode.FromObject(HollowNodeObject.Node(TestSettings.From().Identity(0), TestSettings.From(), DateTimeOffset.UnixEpoch))),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Round_trips_through_the_serializer(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var back = serializer.FromBinary(bytes, message.GetType());

        Assert.Equal(Render(message), Render(back));
    }

    // Records compare their lists by reference: compare what they hold, as text.
    private static string Render(object message) => System.Text.Json.JsonSerializer.Serialize(message, message.GetType());
}
