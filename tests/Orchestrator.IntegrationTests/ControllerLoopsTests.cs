using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The garbage collector, service account and token controllers inside <c>orchestrator up</c>, driven by real
/// kubectl: <c>kubectl delete --cascade=foreground|orphan|background</c>, a new namespace's default service
/// account, and a service-account-token Secret whose token kubectl can use.
/// </summary>
public sealed class ControllerLoopsTests : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ClusterProcess _cluster;

    public ControllerLoopsTests(ClusterFixture fixture) => _cluster = fixture.Cluster;

    [Theory]
    [InlineData("foreground")]
    [InlineData("background")]
    [InlineData("orphan")]
    public async Task Kubectl_delete_cascade_is_honoured(string cascade)
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        var ns = "cascade-" + cascade;
        await kubectl.OkAsync("create", "namespace", ns);
        await kubectl.OkAsync("create", "configmap", "owner", "-n", ns);
        var uid = (await kubectl.OkAsync("get", "configmap", "owner", "-n", ns, "-o", "jsonpath={.metadata.uid}")).Trim();
        var manifest = Path.Combine(_cluster.DataDir, $"dependent-{cascade}.json");
        await File.WriteAllTextAsync(manifest, $$"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dependent","namespace":"{{ns}}",
             "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"{{uid}}","blockOwnerDeletion":true}]} }
            """);
        await kubectl.OkAsync("apply", "-f", manifest);

        // kubectl waits until the owner is gone: with foreground, the collector has removed the dependent first.
        Assert.Contains("configmap \"owner\" deleted", await kubectl.OkAsync("delete", "configmap", "owner", "-n", ns, "--cascade=" + cascade, "--timeout=30s"), StringComparison.Ordinal);
        Assert.NotEqual(0, (await kubectl.RunAsync("get", "configmap", "owner", "-n", ns)).ExitCode);
        if (cascade == "foreground")
        {
            Assert.NotEqual(0, (await kubectl.RunAsync("get", "configmap", "dependent", "-n", ns)).ExitCode);
        }
        else if (cascade == "background")
        {
            await EventuallyAsync(async () => (await kubectl.RunAsync("get", "configmap", "dependent", "-n", ns)).ExitCode != 0);
        }
        else
        {
            var dependent = JsonNode.Parse(await kubectl.OkAsync("get", "configmap", "dependent", "-n", ns, "-o", "json"))!;
            Assert.Null(dependent["metadata"]!["ownerReferences"]);
        }
    }

    [Fact]
    public async Task A_new_namespace_gets_a_default_service_account_and_a_token_secret_gets_a_token_kubectl_can_use()
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await kubectl.OkAsync("create", "namespace", "legacy-tokens");
        await EventuallyAsync(async () => (await kubectl.RunAsync("get", "serviceaccount", "default", "-n", "legacy-tokens")).ExitCode == 0);

        var manifest = Path.Combine(_cluster.DataDir, "token-secret.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: Secret
            metadata:
              name: default-token
              namespace: legacy-tokens
              annotations:
                kubernetes.io/service-account.name: default
            type: kubernetes.io/service-account-token
            """);
        await kubectl.OkAsync("apply", "-f", manifest);
        var token = "";
        await EventuallyAsync(async () =>
        {
            token = (await kubectl.OkAsync("get", "secret", "default-token", "-n", "legacy-tokens", "-o", "jsonpath={.data.token}")).Trim();
            return token.Length > 0;
        });

        var whoami = await kubectl.OkAsync("--token=" + Encoding.UTF8.GetString(Convert.FromBase64String(token)), "auth", "whoami");
        Assert.Contains("system:serviceaccount:legacy-tokens:default", whoami, StringComparison.Ordinal);
        var ca = (await kubectl.OkAsync("get", "secret", "default-token", "-n", "legacy-tokens", "-o", "jsonpath={.data.ca\\.crt}")).Trim();
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", Encoding.UTF8.GetString(Convert.FromBase64String(ca)), StringComparison.Ordinal);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("the condition did not hold within " + Timeout);
            }

            await Task.Delay(100);
        }
    }
}
