using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Service-account tokens with the real executable and real kubectl: <c>kubectl create token</c>, then the
/// token as kubectl's only credential, and the signing key in the data directory across a restart.
/// </summary>
public sealed class ServiceAccountTokenTests : IClassFixture<ClusterFixture>
{
    private const string Issuer = "https://kubernetes.default.svc.cluster.local";

    private readonly ClusterProcess _cluster;

    public ServiceAccountTokenTests(ClusterFixture fixture) => _cluster = fixture.Cluster;

    public static TheoryData<string> Versions => new() { Kubectl.V132, Kubectl.V127 };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Kubectl_create_token_gives_a_token_kubectl_can_work_with(string binary)
    {
        var kubectl = new Kubectl(binary, _cluster.AdminConf);
        var ns = binary == Kubectl.V132 ? "tokens-132" : "tokens-127";
        await kubectl.OkAsync("create", "namespace", ns);
        // The service account controller gives the new namespace its default service account.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await kubectl.RunAsync("get", "serviceaccount", "default", "-n", ns)).ExitCode != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains("default", await kubectl.OkAsync("get", "serviceaccount", "default", "-n", ns), StringComparison.Ordinal);
        await kubectl.OkAsync("run", "app", "--image=busybox:local", "-n", ns);

        var token = (await kubectl.OkAsync("create", "token", "default", "-n", ns)).Trim();
        var payload = Payload(token);
        Assert.Equal($"system:serviceaccount:{ns}:default", (string?)payload["sub"]);
        Assert.Equal(3600, (long)payload["exp"]! - (long)payload["iat"]!);

        // The token is kubectl's only credential here: --token replaces the admin token of admin.conf.
        var pods = await kubectl.OkAsync("--token=" + token, "get", "pods", "-n", ns);
        Assert.Contains("app", pods, StringComparison.Ordinal);
        var whoami = await kubectl.OkAsync("--token=" + token, "auth", "whoami");
        Assert.Contains($"system:serviceaccount:{ns}:default", whoami, StringComparison.Ordinal);
        Assert.Contains($"system:serviceaccounts:{ns}", whoami, StringComparison.Ordinal);

        var shaped = (await kubectl.OkAsync("create", "token", "default", "-n", ns, "--audience", Issuer, "--audience", "vault", "--duration", "20m")).Trim();
        var shapedPayload = Payload(shaped);
        Assert.Equal([Issuer, "vault"], shapedPayload["aud"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(1200, (long)shapedPayload["exp"]! - (long)shapedPayload["iat"]!);
        Assert.Contains("app", await kubectl.OkAsync("--token=" + shaped, "get", "pods", "-n", ns), StringComparison.Ordinal);

        var vaultOnly = (await kubectl.OkAsync("create", "token", "default", "-n", ns, "--audience", "vault")).Trim();
        var (code, _, stderr) = await kubectl.RunAsync("--token=" + vaultOnly, "get", "pods", "-n", ns);
        Assert.NotEqual(0, code);
        Assert.Contains("Unauthorized", stderr, StringComparison.Ordinal);

        var (missing, _, notFound) = await kubectl.RunAsync("create", "token", "nobody", "-n", ns);
        Assert.NotEqual(0, missing);
        Assert.Contains("serviceaccounts \"nobody\" not found", notFound, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_signing_key_lives_in_the_data_directory_and_a_token_from_before_a_restart_still_works()
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await kubectl.OkAsync("create", "namespace", "restart-tokens");
        await kubectl.OkAsync("create", "serviceaccount", "robot", "-n", "restart-tokens");
        var token = (await kubectl.OkAsync("create", "token", "robot", "-n", "restart-tokens")).Trim();
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(token));
        var key = await File.ReadAllTextAsync(Path.Combine(_cluster.DataDir, "sa.key"));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await File.ReadAllTextAsync(Path.Combine(_cluster.DataDir, "sa.pub")), StringComparison.Ordinal);

        await _cluster.RestartAsync();

        Assert.Equal(key, await File.ReadAllTextAsync(Path.Combine(_cluster.DataDir, "sa.key")));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(token));
        Assert.Contains("system:serviceaccount:restart-tokens:robot", await kubectl.OkAsync("--token=" + token, "auth", "whoami"), StringComparison.Ordinal);

        await kubectl.OkAsync("delete", "serviceaccount", "robot", "-n", "restart-tokens");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        HttpStatusCode status;
        while ((status = await StatusWithAsync(token)) != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Issuer_audiences_and_maximum_lifetime_come_from_the_config_file()
    {
        await using var cluster = await ClusterProcess.StartAsync("""
            orchestrator.api.service-account {
              issuer = "https://issuer.test"
              api-audiences = ["https://issuer.test", "api"]
              max-token-expiration = 1h
            }
            """);
        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        await kubectl.OkAsync("create", "serviceaccount", "robot");

        var (code, stdout, stderr) = await kubectl.RunAsync("create", "token", "robot", "--duration", "2h");
        Assert.Equal(0, code);
        Assert.Contains("requested expiration of 7200 seconds shortened to 3600 seconds", stderr, StringComparison.Ordinal);
        var payload = Payload(stdout.Trim());
        Assert.Equal("https://issuer.test", (string?)payload["iss"]);
        Assert.Equal(["https://issuer.test", "api"], payload["aud"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(3600, (long)payload["exp"]! - (long)payload["iat"]!);
        Assert.Contains("system:serviceaccount:default:robot", await kubectl.OkAsync("--token=" + stdout.Trim(), "auth", "whoami"), StringComparison.Ordinal);

        var apiOnly = (await kubectl.OkAsync("create", "token", "robot", "--audience", "api")).Trim();
        Assert.Contains("system:serviceaccount:default:robot", await kubectl.OkAsync("--token=" + apiOnly, "auth", "whoami"), StringComparison.Ordinal);
    }

    /// <summary>A list of the service account's namespace with <paramref name="token"/> as the bearer instead of the admin's.</summary>
    private async Task<HttpStatusCode> StatusWithAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/restart-tokens/configmaps");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _cluster.Client.SendAsync(request);
        return response.StatusCode;
    }

    private static JsonNode Payload(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
    }
}
