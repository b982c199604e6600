using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// What a new cluster holds before anyone writes, as kubectl shows it: the kubernetes Service and its
/// Endpoints, and the cluster CA in a kube-root-ca.crt ConfigMap in every namespace, old and new.
/// </summary>
public sealed class SystemObjectsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly ClusterProcess _cluster = fixture.Cluster;

    private Kubectl Kubectl => new(Kubectl.V132, _cluster.AdminConf);

    [Fact]
    public async Task The_kubernetes_service_points_at_this_api()
    {
        var service = JsonNode.Parse(await Kubectl.OkAsync("get", "service", "kubernetes", "-n", "default", "-o", "json"))!;
        Assert.Equal("ClusterIP", service["spec"]!["type"]!.GetValue<string>());
        Assert.EndsWith(".1", service["spec"]!["clusterIP"]!.GetValue<string>(), StringComparison.Ordinal);
        var port = service["spec"]!["ports"]![0]!;
        Assert.Equal(("https", 443), (port["name"]!.GetValue<string>(), port["port"]!.GetValue<int>()));

        var endpoints = JsonNode.Parse(await Kubectl.OkAsync("get", "endpoints", "kubernetes", "-n", "default", "-o", "json"))!;
        var subset = endpoints["subsets"]![0]!;
        Assert.Equal("127.0.0.1", subset["addresses"]![0]!["ip"]!.GetValue<string>());
        Assert.Equal(_cluster.Port, subset["ports"]![0]!["port"]!.GetValue<int>());

        var slice = JsonNode.Parse(await Kubectl.OkAsync("get", "endpointslice", "kubernetes", "-n", "default", "-o", "json"))!;
        Assert.Equal("kubernetes", slice["metadata"]!["labels"]!["kubernetes.io/service-name"]!.GetValue<string>());
        Assert.Equal("IPv4", slice["addressType"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", slice["endpoints"]![0]!["addresses"]![0]!.GetValue<string>());
        Assert.Equal(_cluster.Port, slice["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Contains("kubernetes", await Kubectl.OkAsync("get", "endpointslices", "-n", "default"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_namespace_gets_the_cluster_ca_and_keeps_it()
    {
        var ca = await File.ReadAllTextAsync(Path.Combine(_cluster.DataDir, "ca.crt"));
        Assert.Equal(ca, await CaInAsync("default"));

        await Kubectl.OkAsync("create", "namespace", "root-ca");
        Assert.Equal(ca, await CaInAsync("root-ca"));

        // Deleted or changed, it comes back.
        await Kubectl.OkAsync("delete", "configmap", "kube-root-ca.crt", "-n", "root-ca");
        Assert.Equal(ca, await CaInAsync("root-ca"));
        await Kubectl.OkAsync("patch", "configmap", "kube-root-ca.crt", "-n", "root-ca", "--type", "merge", "-p", """{"data":{"ca.crt":"tampered"}}""");
        Assert.Equal(ca, await CaInAsync("root-ca"));
    }

    private async Task<string?> CaInAsync(string ns)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var (exit, stdout, _) = await Kubectl.RunAsync("get", "configmap", "kube-root-ca.crt", "-n", ns, "-o", "json");
            if (exit == 0)
            {
                last = JsonNode.Parse(stdout)!["data"]?["ca.crt"]?.GetValue<string>();
                if (last is not null && last.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
                {
                    return last;
                }
            }

            await Task.Delay(100);
        }

        return last;
    }
}
