using System.Net;
using System.Security.Authentication;
using System.Text.Json.Nodes;
using Orchestrator.Client.Config;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests;

public sealed class KubeClientTlsTests : IDisposable
{
    private readonly TestCertificates _ca = new();

    [Fact]
    public async Task Trusts_a_server_signed_by_the_cluster_ca_and_speaks_http2()
    {
        using var serving = _ca.IssueLocalhost();
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "1")), serving);
        using var client = server.Client(_ca.CaPem, token: "tls-token");

        var pod = await client.GetAsync(ResourceRef.Pods, "default", "p1");

        Assert.Equal("p1", pod["metadata"]!["name"]!.GetValue<string>());
        var request = Assert.Single(server.Requests);
        Assert.Equal("HTTP/2", request.Protocol);
        Assert.Equal("Bearer tls-token", request.Authorization);
    }

    [Fact]
    public async Task Rejects_a_server_signed_by_another_ca()
    {
        using var otherCa = new TestCertificates("other-ca");
        using var serving = otherCa.IssueLocalhost();
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "1")), serving);
        using var client = server.Client(_ca.CaPem);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(ResourceRef.Pods, "default", "p1"));

        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Rejects_a_cluster_ca_certificate_that_does_not_name_the_host()
    {
        using var serving = _ca.Issue("elsewhere", ["api.elsewhere.example"], [IPAddress.Parse("10.9.9.9")]);
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "1")), serving);
        using var client = server.Client(_ca.CaPem);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(ResourceRef.Pods, "default", "p1"));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Tls_server_name_checks_the_certificate_against_another_name()
    {
        using var serving = _ca.Issue("elsewhere", ["api.elsewhere.example"], []);
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "1")), serving);
        using var client = server.Client(_ca.CaPem, configure: s => s with { TlsServerName = "api.elsewhere.example" });

        var pod = await client.GetAsync(ResourceRef.Pods, "default", "p1");

        Assert.Equal("p1", pod["metadata"]!["name"]!.GetValue<string>());
        using var wrongName = server.Client(_ca.CaPem, configure: s => s with { TlsServerName = "api.other.example" });
        await Assert.ThrowsAsync<HttpRequestException>(() => wrongName.GetAsync(ResourceRef.Pods, "default", "p1"));
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_certificate()
    {
        using var otherCa = new TestCertificates("other-ca");
        using var serving = otherCa.Issue("elsewhere", ["elsewhere.example"], []);
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "1")), serving);
        using var client = server.Client(_ca.CaPem, configure: s => s with { InsecureSkipTlsVerify = true });

        var pod = await client.GetAsync(ResourceRef.Pods, "default", "p1");

        Assert.Equal("p1", pod["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Presents_the_client_certificate_of_the_settings()
    {
        using var serving = _ca.IssueLocalhost();
        var (certificatePem, keyPem) = _ca.IssueClientPem("system:node:node-1");
        await using var server = await FakeApiServer.StartAsync(
            (ctx, _) => FakeApiServer.WriteJsonAsync(ctx, new JsonObject { ["kind"] = "NodeList", ["items"] = new JsonArray() }),
            serving,
            acceptClientCertificates: true);
        using var client = server.Client(_ca.CaPem, token: null, s => s with { ClientCertificatePem = certificatePem, ClientKeyPem = keyPem });

        await client.ListAsync(ResourceRef.Nodes);

        Assert.Equal("CN=system:node:node-1", server.LastClientCertificate?.Subject);
        Assert.Null(Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task A_client_from_a_written_kubeconfig_reaches_the_server()
    {
        using var serving = _ca.IssueLocalhost();
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "1")), serving);
        using var dir = new TempDirectory();
        Kubeconfig.Write(dir.File("admin.conf"), server.Url.AbsoluteUri, _ca.CaPem, "from-kubeconfig");

        using var client = KubeClient.FromKubeconfig(Kubeconfig.Load(dir.File("admin.conf")));
        await client.GetAsync(ResourceRef.Pods, null, "p1");

        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer from-kubeconfig", request.Authorization);
        Assert.Equal("/api/v1/namespaces/default/pods/p1", request.Path);
    }

    [Fact]
    public async Task A_token_file_is_read_for_the_bearer_token()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) => FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Pod("p1", "1")));
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("token"), "from-file\n");
        using var client = server.Client(token: "inline", configure: s => s with { TokenFile = dir.File("token") });

        await client.GetAsync(ResourceRef.Pods, null, "p1");

        Assert.Equal("Bearer from-file", Assert.Single(server.Requests).Authorization);
    }

    public void Dispose() => _ca.Dispose();
}
