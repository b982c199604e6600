using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Streaming;
using Orchestrator.Client;
using Orchestrator.Kubelet.Server;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Server;

/// <summary>
/// A real gateway over HTTPS and a <see cref="KubeletServer"/> on the fake runtime, sharing one cluster CA: node
/// "node-1" publishes the kubelet's address and port, pods are bound to it, and kubectl drives the lot.
/// </summary>
public sealed class StreamingCluster : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private KubeletConnection _connection = null!;
    private DirectoryInfo _dir = null!;

    public KubeletTestServer Kubelet { get; private set; } = null!;

    public TestGateway Gateway { get; private set; } = null!;

    public string Kubeconfig { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var pki = KubeletTestServer.NewPki();
        Kubelet = await KubeletTestServer.StartAsync(pki);
        _connection = new KubeletConnection(Kubelet.ClientCertificate, pki.Ca);
        Gateway = await TestGateway.StartAsync(pki, _connection);
        _dir = Directory.CreateTempSubdirectory("streaming-kubectl-");
        Kubeconfig = KubectlRunner.WriteKubeconfig(_dir.FullName, Gateway.Server.Address, TestGateway.Token, pki.CaPem);

        await NodeAsync("node-1", Kubelet.Port);
        await NodeAsync("node-gone", KubeletTestServer.FreePort());
        await PodAsync("web", "node-1", "app", "sidecar");
        await PodAsync("writer", "node-1", "app");
        await PodAsync("attached", "node-1", "app");
        await PodAsync("duo", "node-1", "a", "b");
        await PodAsync("pending", null, "app");
        await PodAsync("stranded", "node-gone", "app");

        // kubectl port-forward insists on a running pod.
        var web = await Gateway.Client.GetAsync(ResourceRef.Pods, "default", "web");
        web["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "127.0.0.1" };
        await Gateway.Client.UpdateStatusAsync(ResourceRef.Pods, web);

        var runtime = Kubelet.Runtime;
        runtime.Add("c-old", running: false, exitCode: 1, FakeStreamingRuntime.Line(Now.AddHours(-3), "old run\n"));
        runtime.Add(
            "c-app",
            running: true,
            exitCode: null,
            FakeStreamingRuntime.Line(Now.AddHours(-2), "one\n"),
            FakeStreamingRuntime.Line(Now.AddMinutes(-30), "two\n"),
            FakeStreamingRuntime.Line(Now.AddSeconds(-1), "three\n"));
        runtime.Add("c-writer", running: true, exitCode: null, FakeStreamingRuntime.Line(Now.AddMinutes(-1), "started\n"));
        Kubelet.Locator.Set(new LocatedPod("default", "web", "uid-web", "sb-web", "127.0.0.1", [
            new LocatedContainer("app", "c-app", null, "c-old"),
            new LocatedContainer("sidecar", null, "ContainerCreating", null),
        ]));
        Kubelet.Locator.Set(new LocatedPod("default", "writer", "uid-writer", "sb-writer", "127.0.0.1", [new LocatedContainer("app", "c-writer", null, null)]));
        runtime.Add("c-attached", running: true, exitCode: null, FakeStreamingRuntime.Line(Now.AddMinutes(-1), "before attach\n"));
        Kubelet.Locator.Set(new LocatedPod("default", "attached", "uid-attached", "sb-attached", "127.0.0.1", [new LocatedContainer("app", "c-attached", null, null)]));
    }

    public KubectlRunner Kubectl(string binary) => new(binary, Kubeconfig);

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _connection.Dispose();
        await Kubelet.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    private async Task NodeAsync(string name, int port)
    {
        var node = await Gateway.Client.CreateAsync(ResourceRef.Nodes, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        node["status"] = new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = IPAddress.Loopback.ToString() }, new JsonObject { ["type"] = "Hostname", ["address"] = name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = port } },
        };
        await Gateway.Client.UpdateStatusAsync(ResourceRef.Nodes, node);
    }

    private async Task PodAsync(string name, string? node, params string[] containers)
    {
        var spec = new JsonObject { ["containers"] = new JsonArray([.. containers.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["image"] = "busybox:local" })]) };
        if (node is not null)
        {
            spec["nodeName"] = node;
        }

        await Gateway.Client.CreateAsync(ResourceRef.Pods, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" }, ["spec"] = spec });
    }
}
