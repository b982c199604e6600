using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Server;

/// <summary>Real kubectl through the real gateway to the kubelet's endpoint (on the fake runtime, whose exec runs real processes).</summary>
public sealed class KubectlStreamingTests(StreamingCluster cluster) : IClassFixture<StreamingCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(KubectlRunner.V132)]
    [InlineData(KubectlRunner.V127)]
    public async Task Logs_with_their_options(string kubectl)
    {
        var k = cluster.Kubectl(kubectl);
        Assert.Equal("one\ntwo\nthree\n", await OkAsync(k, "logs", "web", "-c", "app"));
        Assert.Equal("three\n", await OkAsync(k, "logs", "web", "-c", "app", "--tail", "1"));
        Assert.Equal("two\nthree\n", await OkAsync(k, "logs", "web", "-c", "app", "--since", "1h"));
        Assert.Equal("one\ntw", await OkAsync(k, "logs", "web", "-c", "app", "--limit-bytes", "6"));
        Assert.Equal("old run\n", await OkAsync(k, "logs", "web", "-c", "app", "--previous"));
        var stamped = await OkAsync(k, "logs", "web", "-c", "app", "--tail", "1", "--timestamps");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z three\n$", stamped);
    }

    [Fact]
    public async Task Logs_of_a_container_still_waiting_say_why()
    {
        var (code, _, stderr) = await cluster.Kubectl(KubectlRunner.V132).RunAsync("logs", "web", "-c", "sidecar");
        Assert.NotEqual(0, code);
        Assert.Contains("container \"sidecar\" in pod \"web\" is waiting to start: ContainerCreating", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_follow_until_the_container_ends()
    {
        var k = cluster.Kubectl(KubectlRunner.V132);
        var run = k.RunAsync(null, Limit, "logs", "-f", "writer");
        await Task.Delay(TimeSpan.FromSeconds(1));
        cluster.Kubelet.Runtime.Write("c-writer", DateTimeOffset.UtcNow, "working\n");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        cluster.Kubelet.Runtime.Write("c-writer", DateTimeOffset.UtcNow, "done\n");
        cluster.Kubelet.Runtime.Exit("c-writer", 0);
        var (code, stdout, stderr) = await run;
        Assert.True(code == 0, stderr);
        Assert.Equal("started\nworking\ndone\n", stdout);
    }

    [Theory]
    [InlineData(KubectlRunner.V132)] // WebSocket, v5.channel.k8s.io
    [InlineData(KubectlRunner.V127)] // SPDY/3.1, v4.channel.k8s.io
    public async Task Exec_prints_output_and_exits_with_the_commands_code(string kubectl)
    {
        var (code, stdout, stderr) = await cluster.Kubectl(kubectl).RunAsync(null, Limit, "exec", "web", "-c", "app", "--", "sh", "-c", "echo hi; echo oops >&2; exit 3");
        Assert.Equal(3, code);
        Assert.Equal("hi\n", stdout);
        Assert.Contains("oops", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KubectlRunner.V132)]
    [InlineData(KubectlRunner.V127)]
    public async Task Exec_with_stdin_gets_it_to_the_end(string kubectl)
    {
        var (code, stdout, stderr) = await cluster.Kubectl(kubectl).RunAsync("hello\nworld\n", Limit, "exec", "-i", "web", "-c", "app", "--", "cat");
        Assert.True(code == 0, stderr);
        Assert.Equal("hello\nworld\n", stdout);
    }

    [Fact]
    public async Task Exec_on_a_terminal_merges_stderr_into_stdout()
    {
        // script(1) gives kubectl a terminal, so -t asks for a TTY (tty=true, no stderr stream, resizes).
        var command = $"{KubectlRunner.V132} --kubeconfig {cluster.Kubeconfig} exec -it web -c app -- sh -c 'echo out; echo err >&2; exit 4'";
        var (code, stdout, _) = await new KubectlRunner("/usr/bin/script", cluster.Kubeconfig).RunRawAsync(Limit, "-qec", command, "/dev/null");
        Assert.Equal(4, code);
        Assert.Contains("out", stdout, StringComparison.Ordinal);
        Assert.Contains("err", stdout, StringComparison.Ordinal);
        lock (cluster.Kubelet.Runtime)
        {
            var request = cluster.Kubelet.Runtime.ExecRequests.Last(r => r.Command.Contains("echo out; echo err >&2; exit 4"));
            Assert.True(request.Tty && request.Stdin && request.Stdout && !request.Stderr, request.ToString());
        }
    }

    [Fact]
    public async Task Attach_shows_new_output_until_the_container_ends()
    {
        var run = cluster.Kubectl(KubectlRunner.V132).RunAsync(null, Limit, "attach", "attached", "-c", "app");
        await Task.Delay(TimeSpan.FromSeconds(2));
        cluster.Kubelet.Runtime.Write("c-attached", DateTimeOffset.UtcNow, "after attach\n");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        cluster.Kubelet.Runtime.Exit("c-attached", 0);
        var (code, stdout, stderr) = await run;
        Assert.True(code == 0, stderr);
        Assert.Equal("after attach\n", stdout);
    }

    [Fact]
    public async Task The_gateway_refuses_in_kubernetes_words()
    {
        using var client = Client();
        await AssertStatusAsync(client, "duo/log", 400, "a container name must be specified for pod duo, choose one of: [a b]");
        await AssertStatusAsync(client, "web/log?container=nope", 400, "container nope is not valid for pod web");
        await AssertStatusAsync(client, "nope/log", 404, "pods \"nope\" not found");
        await AssertStatusAsync(client, "pending/exec?command=true&stdout=true", 400, "pod pending does not have a host assigned");
        await AssertStatusAsync(client, "web/exec?container=app&command=true&stdout=true", 400, "Upgrade request required");

        using var stranded = await client.GetAsync("api/v1/namespaces/default/pods/stranded/log");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stranded.StatusCode);
        var unreachable = JsonNode.Parse(await stranded.Content.ReadAsStringAsync())!;
        Assert.Equal("ServiceUnavailable", unreachable["reason"]!.GetValue<string>());
        Assert.StartsWith("the kubelet of node \"node-gone\" at 127.0.0.1:", unreachable["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // A pod on no node has no logs yet: empty, as Kubernetes answers.
        Assert.Equal("", await client.GetStringAsync("api/v1/namespaces/default/pods/pending/log"));
    }

    private HttpClient Client()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            cert is System.Security.Cryptography.X509Certificates.X509Certificate2 c && Orchestrator.Kubelet.Server.KubeletServer.IssuedBy(c, cluster.Kubelet.Pki.Ca);
        var client = new HttpClient(handler) { BaseAddress = cluster.Gateway.Server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.Token);
        return client;
    }

    private static async Task AssertStatusAsync(HttpClient client, string path, int code, string message)
    {
        using var response = await client.GetAsync("api/v1/namespaces/default/pods/" + path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(code == (int)response.StatusCode, body);
        Assert.Equal(message, JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    private static async Task<string> OkAsync(KubectlRunner kubectl, params string[] args)
    {
        var (code, stdout, stderr) = await kubectl.RunAsync(null, Limit, args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }
}
