using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The service proxy on a real node: <c>orchestrator up</c> with the kubelet on the private Docker engine and the
/// proxy on, a Deployment of three busybox httpd pods (each answering with its own hostname from its own pod
/// network namespace) behind a Service, reached through its ClusterIP from the node and from inside another pod,
/// through its node port and through the load-balancer address the cloud controller manager gives it; in both of
/// the proxy's modes, nftables rules (the default as root) and userspace forwarding.
/// </summary>
public sealed class ServiceProxyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Node = "it-proxy";

    // An unusual Service port, so that another cluster on this machine (same Service range) never holds it.
    private const int ServicePort = 18080;

    // The nftables mode's table, named here so that the test can look at it.
    private const string Table = "orchestrator-proxy-it";

    private ClusterProcess? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("docker", "nftables")]
    [InlineData("process", "nftables")]
    [InlineData("docker", "userspace")]
    [InlineData("process", "userspace")]
    public async Task A_deployment_behind_a_service_is_reached_round_robin_survives_a_pod_delete_and_refuses_at_zero_replicas(string runtime, string mode)
    {
        _cluster = await ClusterProcess.StartAsync($"""
            orchestrator.kubelet.enabled = on
            orchestrator.kubelet.runtime = {runtime}
            orchestrator.kubelet.node-name = {Node}
            # A bridge and pod range of this class's own per runtime: a pod another test's cluster left behind on the
            # default bridge cannot then hold an address this cluster's fresh IPAM hands out again.
            orchestrator.kubelet.cni.bridge = orchitp{(runtime == "docker" ? 0 : 1)}
            orchestrator.controllers.node-ipam.cluster-cidr = "100.{(runtime == "docker" ? 84 : 85)}.0.0/16"
            orchestrator.kubelet.port = {ClusterProcess.FreePort()}
            orchestrator.kubelet.shutdown-grace-period = 4s
            orchestrator.kubelet.shutdown-grace-period-critical-pods = 1s
            orchestrator.proxy.enabled = on
            orchestrator.proxy.mode = {mode}
            orchestrator.proxy.nftables-table = {Table}
            orchestrator.proxy.bind-retry-interval = 1s
            orchestrator.cloud.enabled = on
            orchestrator.cloud.local.load-balancer-pool = "127.240.17.0/28"
            """);
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await kubectl.OkAsync("wait", $"node/{Node}", "--for=condition=Ready", "--timeout=55s");

        // Each replica serves its own pod name (from the downward API, so that it holds on the process runtime
        // too, whose pods share the host's hostname and filesystem) with busybox httpd on 0.0.0.0:8080.
        var manifest = Path.Combine(_cluster.DataDir, "web.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: httpd
                    image: busybox:local
                    env:
                    - name: POD_NAME
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    command: ["sh", "-c", "mkdir -p /tmp/www-$POD_NAME && echo $POD_NAME > /tmp/www-$POD_NAME/index.html && exec httpd -f -p 8080 -h /tmp/www-$POD_NAME"]
                    ports: [{containerPort: 8080}]
            """);
        await kubectl.OkAsync("apply", "-f", manifest);
        await kubectl.OkAsync("expose", "deployment", "web", $"--port={ServicePort}", "--target-port=8080", "--type=NodePort");
        await RolloutAsync(kubectl);
        var clusterIp = await kubectl.OkAsync("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}");
        Assert.StartsWith("100.96.", clusterIp, StringComparison.Ordinal);
        var nodePort = int.Parse(await kubectl.OkAsync("get", "service", "web", "-o", "jsonpath={.spec.ports[0].nodePort}"), System.Globalization.CultureInfo.InvariantCulture);
        var pods = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, pods.Length);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // One connection per request (busybox httpd closes each one anyway), so every request is a new pick.
        http.DefaultRequestHeaders.ConnectionClose = true;
        var service = new Uri($"http://{clusterIp}:{ServicePort}/");
        await EventuallyAsync(async () => Assert.Equal(3, (await CountAsync(http, service, 12)).Keys.Count(k => k.Length > 0)));

        // 300 requests from the node reach all three pods, none fails.
        var fromNode = await CountAsync(http, service, 300);
        Assert.Equal(pods, fromNode.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(300, fromNode.Values.Sum());

        // 300 from inside another pod, through its default route to the node, where the ClusterIP lives. (No -T:
        // this busybox-static's wget crashes with it.)
        await kubectl.OkAsync("run", "client", "--image=busybox:local", "--", "sleep", "3600");
        await kubectl.OkAsync("wait", "pod/client", "--for=condition=Ready", "--timeout=55s");
        var fromPod = (await kubectl.OkAsync("exec", "client", "--", "sh", "-c",
                $"for i in $(seq 300); do wget -q -O - http://{clusterIp}:{ServicePort}/ || echo FAILED; done"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .CountBy(l => l.Trim())
            .ToDictionary();
        Assert.Equal(pods, fromPod.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(300, fromPod.Values.Sum());

        // The `kubernetes` Service: its ClusterIP reaches the API through the proxy, and the API's certificate names
        // that address, so an in-cluster client verifying KUBERNETES_SERVICE_HOST against the pod's ca.crt accepts it.
        var kubernetesIp = await kubectl.OkAsync("get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP}");
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(_cluster.DataDir, "ca.crt")));
        using var verifying = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        }) { Timeout = TimeSpan.FromSeconds(10) };
        await EventuallyAsync(async () => Assert.Contains("gitVersion", await verifying.GetStringAsync(new Uri($"https://{kubernetesIp}/version")), StringComparison.Ordinal));

        // The node port, on the node's address.
        Assert.Contains((await http.GetStringAsync(new Uri($"http://127.0.0.1:{nodePort}/"))).Trim(), pods);

        // A load-balancer address, handed out by the cloud controller manager's local provider from its loopback pool.
        await kubectl.OkAsync("patch", "service", "web", "--type=merge", "-p", """{"spec":{"type":"LoadBalancer"}}""");
        var ingress = "";
        await EventuallyAsync(async () =>
        {
            ingress = await kubectl.OkAsync("get", "service", "web", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}");
            Assert.StartsWith("127.240.17.", ingress, StringComparison.Ordinal);
        });
        await EventuallyAsync(async () => Assert.Contains((await http.GetStringAsync(new Uri($"http://{ingress}:{ServicePort}/"))).Trim(), pods));

        // Deleting a pod fails no request beyond the one in flight: its endpoint leaves the slice as it starts
        // terminating, and a connection it refuses meanwhile goes on to another endpoint. A request times out, and
        // counts as failed, when the kernel sent its SYN to the pod just before the rules changed and the pod's
        // network was gone by the retransmit: the connection's conntrack entry keeps it on that address, as with
        // kube-proxy. A short timeout keeps the load going.
        var failures = 0;
        var served = 0;
        using var loadHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        loadHttp.DefaultRequestHeaders.ConnectionClose = true;
        using (var stop = new CancellationTokenSource())
        {
            var load = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await loadHttp.GetStringAsync(service);
                        served++;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        failures++;
                    }

                    // A few hundred new connections a second rather than as many as the cores allow (up to 15,000 in
                    // one case): each leaves a TIME_WAIT socket and a conntrack entry behind for minutes.
                    await Task.Delay(1);
                }
            });
            await Task.Delay(500);
            await kubectl.OkAsync("delete", "pod", pods[0], "--timeout=55s");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stop.CancelAsync();
            await load;
        }

        output.WriteLine($"{failures} of {failures + served} requests failed while a pod was deleted");
        if (mode == "userspace")
        {
            Assert.True(failures <= 1, $"{failures} of {failures + served} requests failed while a pod was deleted");
        }
        else
        {
            // The kernel cannot try another endpoint when one refuses: connections that reach the pod between its
            // kill and the rule update fail, as they do with kube-proxy's iptables and nftables modes (which is why
            // Kubernetes users give pods a preStop sleep). That moment is short.
            Assert.True(failures <= (failures + served) / 50, $"{failures} of {failures + served} requests failed while a pod was deleted");
        }

        Assert.True(served > 20, $"only {served} requests were served");
        await RolloutAsync(kubectl);

        // Scaled to zero: once the endpoints are gone, a connection is refused at once, not left to time out.
        await kubectl.OkAsync("scale", "deployment", "web", "--replicas=0");
        var address = new IPEndPoint(IPAddress.Parse(clusterIp), ServicePort);
        await EventuallyAsync(async () => Assert.Equal(SocketError.ConnectionRefused, await ConnectErrorAsync(address)));
        var clock = Stopwatch.StartNew();
        Assert.Equal(SocketError.ConnectionRefused, await ConnectErrorAsync(address));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refused after {clock.Elapsed}");

        // The table is this cluster's, and goes with it.
        var tables = await HostNftables.TablesAsync();
        Assert.Equal(mode == "nftables", tables.Contains(Table, StringComparison.Ordinal));
        await _cluster.DisposeAsync();
        _cluster = null;
        Assert.DoesNotContain(Table, await HostNftables.TablesAsync(), StringComparison.Ordinal);
    }

    /// <summary>Waits for the Deployment's rollout (kubectl runs for at most a minute a call, the machine may be slow).</summary>
    private static async Task RolloutAsync(Kubectl kubectl)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (code, stdout, stderr) = await kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=50s");
            if (code == 0)
            {
                return;
            }

            Assert.True(attempt < 3, $"rollout: {stdout}\n{stderr}");
        }
    }

    private static async Task<Dictionary<string, int>> CountAsync(HttpClient http, Uri uri, int requests)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            var name = (await http.GetStringAsync(uri)).Trim();
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        return counts;
    }

    private static async Task<SocketError> ConnectErrorAsync(IPEndPoint address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(address, timeout.Token);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
        catch (OperationCanceledException)
        {
            return SocketError.TimedOut;
        }
    }

    private static async Task EventuallyAsync(Func<Task> assertion)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}
