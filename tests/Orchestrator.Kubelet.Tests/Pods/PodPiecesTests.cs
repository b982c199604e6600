using System.Text.Json.Nodes;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;
using Orchestrator.Kubelet.Pods;
using Orchestrator.Kubelet.Pods.Env;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Pods;

/// <summary>The PodActor's pure pieces: $(VAR) expansion, the image pull policy's default, DNS policies, settings.</summary>
public sealed class PodPiecesTests
{
    [Theory]
    [InlineData("$(A)-$(B)", "1-2")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("cost: $5 $(A", "cost: $5 $(A")]
    [InlineData("$$$(A)", "$1")]
    public void Variables_expand_as_Kubernetes_expands_them(string input, string expected)
    {
        var values = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" };
        Assert.Equal(expected, VariableExpansion.Expand(input, values.GetValueOrDefault));
    }

    [Theory]
    [InlineData("busybox", "Always")]
    [InlineData("busybox:latest", "Always")]
    [InlineData("busybox:local", "IfNotPresent")]
    [InlineData("registry:5000/team/app", "Always")]
    [InlineData("registry:5000/team/app:1.2", "IfNotPresent")]
    [InlineData("app@sha256:abcd", "IfNotPresent")]
    public void The_pull_policy_defaults_to_Always_for_latest_or_untagged_images(string image, string expected) =>
        Assert.Equal(expected, ImagePullPolicy.Default(image));

    [Fact]
    public void DNS_policies_give_the_cluster_resolver_the_node_resolver_or_only_dnsConfig()
    {
        var settings = new PodSettings { ClusterDns = ["100.96.0.10"], ClusterDomain = "example.local" };
        var clusterFirst = PodDns.Resolve(Pod("prod", """{"containers":[]}"""), settings)!;
        Assert.Equal(["prod.svc.example.local", "svc.example.local", "example.local"], clusterFirst.Searches);
        Assert.Equal(["ndots:5"], clusterFirst.Options);

        // Host-network pods fall back to the node's resolver unless they ask for ClusterFirstWithHostNet.
        Assert.Null(PodDns.Resolve(Pod("prod", """{"hostNetwork":true,"containers":[]}"""), settings));
        Assert.Equal(["100.96.0.10"], PodDns.Resolve(Pod("prod", """{"hostNetwork":true,"dnsPolicy":"ClusterFirstWithHostNet","containers":[]}"""), settings)!.Nameservers);

        var none = PodDns.Resolve(Pod("prod", """{"dnsPolicy":"None","dnsConfig":{"nameservers":["100.64.0.53"],"searches":["a.test"],"options":[{"name":"edns0"}]},"containers":[]}"""), settings)!;
        Assert.Equal(["100.64.0.53"], none.Nameservers);
        Assert.Equal(["a.test"], none.Searches);
        Assert.Equal(["edns0"], none.Options);
    }

    [Fact]
    public void Settings_come_from_the_kubelet_section_with_Kubernetes_defaults()
    {
        var config = Config.ParseString("orchestrator.kubelet.image-pull-backoff.initial = 1s", new HoconParseOptions { Fallback = ReferenceConfig.Load() });
        var kubelet = KubeletSettings.FromConfig(config) with { RootDir = "/var/lib/test-kubelet" };

        var settings = PodSettings.From(kubelet);

        Assert.Equal(TimeSpan.FromSeconds(1), settings.ImagePullBackoffInitial);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.ImagePullBackoffMax);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.RestartBackoffInitial);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.RestartBackoffResetAfter);
        Assert.Equal(["100.96.0.10"], settings.ClusterDns);
        Assert.Equal("cluster.local", settings.ClusterDomain);
        Assert.Equal("/var/lib/test-kubelet/pods/u1", settings.PodDirectory("u1"));
        Assert.Throws<ConfigException>(() => PodSettings.FromSection(Config.ParseString("sync-frequency = 0s")));
    }

    private static JsonObject Pod(string ns, string spec) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = ns, ["uid"] = "u" },
        ["spec"] = JsonNode.Parse(spec),
    };
}
