using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Certificates;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Certificates;

/// <summary>
/// The root-ca-cert-publisher on the machinery against a real gateway: every namespace, old and new, gets a
/// kube-root-ca.crt ConfigMap with the CA, which comes back when deleted and is restored when changed.
/// </summary>
public sealed class RootCaCertPublisherTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private const string Ca = "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private TestGateway _gateway = null!;
    private ControllerHarness _harness = null!;
    private IActorRef _publisher = ActorRefs.Nobody;

    public RootCaCertPublisherTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "root-ca-cert-publisher", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(Sys);
        _harness = ControllerHarness.Create(Sys, Client);
        _publisher = Sys.ActorOf(RootCaCertPublisher.Props(_harness.Context, Ca), RootCaCertPublisher.ControllerName);
    }

    public async Task DisposeAsync()
    {
        await _publisher.GracefulStop(Timeout);
        await _harness.StopAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Every_namespace_gets_the_CA_and_keeps_it()
    {
        await PublishedAsync("default");
        await PublishedAsync("kube-system");

        await Client.CreateAsync(ResourceRef.Namespaces, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "team-a" } });
        var published = await PublishedAsync("team-a");
        Assert.False(string.IsNullOrEmpty(KubeObject.GetString(published, "metadata", "annotations", "kubernetes.io/description")));

        await Client.DeleteAsync(ResourceRef.ConfigMaps, "team-a", RootCaCertPublisher.ConfigMapName);
        var recreated = await PublishedAsync("team-a", notUid: KubeObject.Uid(published));

        await Client.PatchAsync(ResourceRef.ConfigMaps, "team-a", RootCaCertPublisher.ConfigMapName, PatchType.Merge, JsonNode.Parse("""{"data":{"ca.crt":"tampered","extra":"x"}}""")!);
        var restored = await PublishedAsync("team-a");
        Assert.Equal(KubeObject.Uid(recreated), KubeObject.Uid(restored));
    }

    /// <summary>The namespace's ConfigMap once it holds exactly the CA (and, if given, is not the object with that uid).</summary>
    private async Task<JsonObject> PublishedAsync(string ns, string? notUid = null)
    {
        JsonObject? configMap = null;
        await AwaitConditionAsync(
            async () =>
            {
                try
                {
                    configMap = await Client.GetAsync(ResourceRef.ConfigMaps, ns, RootCaCertPublisher.ConfigMapName);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    return false;
                }

                return configMap["data"] is JsonObject { Count: 1 } && KubeObject.GetString(configMap, "data", "ca.crt") == Ca && KubeObject.Uid(configMap) != notUid;
            },
            Timeout,
            TimeSpan.FromMilliseconds(20));
        return configMap!;
    }
}
