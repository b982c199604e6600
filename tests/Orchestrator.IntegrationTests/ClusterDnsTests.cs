using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The cluster DNS on a real <c>orchestrator up</c> with its kubelet (Docker and process runtimes, CNI pod network): busybox
/// <c>nslookup</c> inside a pod resolves a Service, a headless Service, a pod name, NXDOMAIN and a forwarded name
/// through the kube-dns ClusterIP its resolv.conf names, the pod has the Service's environment variables, and a
/// client in the test asks the node's DNS address for SRV and PTR. Names outside the cluster go to a resolver of
/// the test's own on loopback, never the machine's.
/// </summary>
public sealed class ClusterDnsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Node = "it-dns";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);
    private static readonly IPAddress UpstreamAnswer = IPAddress.Parse("127.1.2.3");

    private ClusterProcess? _cluster;
    private DnsServer? _upstream;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _upstream?.Stop();
        await RemoveNodeContainersAsync();
    }

    /// <summary>The stopped containers this test's node leaves on the private engine (only ours: by the node label).</summary>
    private static async Task RemoveNodeContainersAsync()
    {
        var host = Environment.GetEnvironmentVariable("ORCHESTRATOR_DOCKER_HOST") is { Length: > 0 } h ? h : "unix:///var/run/orchestrator-docker/docker.sock";
        if (!File.Exists(host.Replace("unix://", "", StringComparison.Ordinal)))
        {
            return;
        }

        var ids = (await DockerAsync(host, "ps", "-aq", "--filter", $"label=orchestrator.io/node={Node}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0)
        {
            await DockerAsync(host, ["rm", "-f", .. ids]);
        }
    }

    private static async Task<string> DockerAsync(string host, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-H", host, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        await stderr;
        return (await stdout).Trim();
    }

    [Theory]
    [InlineData("process")]
    [InlineData("docker")]
    public async Task Pods_resolve_services_headless_services_pod_names_nxdomain_and_forwarded_names_and_the_node_answers_srv_and_ptr(string runtime)
    {
        var upstream = StartUpstream();
        var hostDns = new IPEndPoint(IPAddress.Loopback, FreeUdpTcpPort());
        _cluster = await ClusterProcess.StartAsync($"""
            orchestrator.kubelet.enabled = on
            orchestrator.kubelet.runtime = {runtime}
            orchestrator.kubelet.node-name = {Node}
            # A bridge and pod range of this class's own per runtime: a pod another test's cluster left behind on the
            # default bridge cannot then hold an address this cluster's fresh IPAM hands out again.
            orchestrator.kubelet.cni.bridge = orchitd{(runtime == "docker" ? 0 : 1)}
            orchestrator.controllers.node-ipam.cluster-cidr = "100.{(runtime == "docker" ? 82 : 83)}.0.0/16"
            orchestrator.kubelet.port = {ClusterProcess.FreePort()}
            orchestrator.kubelet.shutdown-grace-period = 4s
            orchestrator.kubelet.shutdown-grace-period-critical-pods = 1s
            orchestrator.dns.enabled = on
            orchestrator.dns.upstream = ["{upstream}"]
            orchestrator.dns.host-address = "{hostDns}"
            """);
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await WaitAsync(kubectl, "wait", $"node/{Node}", "--for=condition=Ready", "--timeout=50s");

        // kube-dns as kubeadm makes it: the tenth address of the Service range, left to us by the proxy.
        var dnsIp = await kubectl.OkAsync("get", "service", "kube-dns", "-n", "kube-system", "-o", "jsonpath={.spec.clusterIP}");
        Assert.Equal("100.96.0.10", dnsIp);
        Assert.Equal("orchestrator-dns", await kubectl.OkAsync("get", "service", "kube-dns", "-n", "kube-system", "-o", "jsonpath={.metadata.labels.service\\.kubernetes\\.io/service-proxy-name}"));

        var manifest = Path.Combine(_cluster.DataDir, "dns-test.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers: [{name: web, image: "busybox:local", command: [sleep, "3600"]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web-headless}
            spec:
              clusterIP: None
              selector: {app: web}
              ports: [{name: http, port: 8080}]
            """);
        await kubectl.OkAsync("apply", "-f", manifest);
        await WaitAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=50s");
        // Created after the Services: it gets their environment variables.
        await kubectl.OkAsync("run", "client", "--image=busybox:local", "--overrides={\"spec\":{\"terminationGracePeriodSeconds\":1}}", "--", "sleep", "3600");
        await WaitAsync(kubectl, "wait", "pod/client", "--for=condition=Ready", "--timeout=50s");

        var webIp = await kubectl.OkAsync("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}");
        var podIps = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, podIps.Length);

        var resolvConf = await kubectl.OkAsync("exec", "client", "--", "cat", "/etc/resolv.conf");
        output.WriteLine(resolvConf);
        Assert.Contains($"nameserver {dnsIp}", resolvConf, StringComparison.Ordinal);
        Assert.Contains("search default.svc.cluster.local svc.cluster.local cluster.local", resolvConf, StringComparison.Ordinal);
        Assert.Contains("ndots:5", resolvConf, StringComparison.Ordinal);
        Assert.Equal(webIp, (await kubectl.OkAsync("exec", "client", "--", "sh", "-c", "echo $WEB_SERVICE_HOST")).Trim());
        Assert.Equal($"tcp://{webIp}:80", (await kubectl.OkAsync("exec", "client", "--", "sh", "-c", "echo $WEB_PORT")).Trim());

        // From inside the pod, through the kube-dns ClusterIP.
        Assert.Contains(webIp, await NslookupAsync(kubectl, "web.default.svc.cluster.local", expectFound: true), StringComparison.Ordinal);
        // The headless Service: its ready endpoints (the slices may trail the rollout by a moment).
        await EventuallyAsync(async () =>
        {
            var headless = await NslookupAsync(kubectl, "web-headless.default.svc.cluster.local", expectFound: true);
            return podIps.All(ip => headless.Contains(ip, StringComparison.Ordinal));
        }, "the headless Service answers both pod IPs");
        Assert.Contains(podIps[0], await NslookupAsync(kubectl, $"{podIps[0].Replace('.', '-')}.default.pod.cluster.local", expectFound: true), StringComparison.Ordinal);
        Assert.Contains("NXDOMAIN", await NslookupAsync(kubectl, "nope.default.svc.cluster.local", expectFound: false), StringComparison.Ordinal);
        Assert.Contains(UpstreamAnswer.ToString(), await NslookupAsync(kubectl, "www.example.test", expectFound: true), StringComparison.Ordinal);

        // From the node: the host address, and the ClusterIP itself over UDP and TCP.
        var srv = await AskAsync(hostDns, "_http._tcp.web.default.svc.cluster.local", RecordType.Srv);
        var record = Assert.IsType<SrvRecord>(Assert.Single(srv.AnswerRecords));
        Assert.Equal((80, "web.default.svc.cluster.local."), (record.Port, record.Target.ToString()));
        var headlessSrv = await AskAsync(hostDns, "_http._tcp.web-headless.default.svc.cluster.local", RecordType.Srv);
        Assert.Equal(2, headlessSrv.AnswerRecords.OfType<SrvRecord>().Count());
        Assert.All(headlessSrv.AnswerRecords.OfType<SrvRecord>(), s => Assert.Equal(8080, s.Port));

        var reverse = string.Join('.', webIp.Split('.').Reverse()) + ".in-addr.arpa";
        var ptr = Assert.IsType<PtrRecord>(Assert.Single((await AskAsync(hostDns, reverse, RecordType.Ptr)).AnswerRecords));
        Assert.Equal("web.default.svc.cluster.local.", ptr.PointerDomainName.ToString());

        foreach (var tcp in (bool[])[false, true])
        {
            var a = await AskAsync(new IPEndPoint(IPAddress.Parse(dnsIp), 53), "web.default.svc.cluster.local", RecordType.A, tcp);
            Assert.Equal((IPAddress.Parse(webIp), 5), (Assert.IsType<ARecord>(Assert.Single(a.AnswerRecords)).Address, a.AnswerRecords[0].TimeToLive));
        }

        // A deleted Service stops answering at once.
        await kubectl.OkAsync("delete", "service", "web");
        await EventuallyAsync(async () => (await AskAsync(hostDns, "web.default.svc.cluster.local", RecordType.A)).ReturnCode == ReturnCode.NxDomain, "web is NXDOMAIN after its delete");
    }

    /// <summary>A kubectl wait (each call within kubectl's 60 s limit) retried up to the test's timeout; the pods and the log on failure.</summary>
    private async Task WaitAsync(Kubectl kubectl, params string[] args)
    {
        var deadline = DateTime.UtcNow + Timeout;
        (int ExitCode, string Stdout, string Stderr) result;
        do
        {
            result = await kubectl.RunAsync(args);
            if (result.ExitCode == 0)
            {
                return;
            }
        }
        while (DateTime.UtcNow < deadline);

        output.WriteLine((await kubectl.RunAsync("get", "pods", "-A", "-o", "wide")).Stdout);
        output.WriteLine((await kubectl.RunAsync("describe", "pods")).Stdout);
        output.WriteLine(_cluster!.Output);
        Assert.Fail($"kubectl {string.Join(' ', args)}: {result.Stderr}");
    }

    private async Task<string> NslookupAsync(Kubectl kubectl, string name, bool expectFound)
    {
        (int ExitCode, string Stdout, string Stderr) result = default;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            result = await kubectl.RunAsync("exec", "client", "--", "nslookup", name);
            if ((result.ExitCode == 0) == expectFound)
            {
                break;
            }

            await Task.Delay(500);
        }

        output.WriteLine($"nslookup {name}: exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        Assert.True((result.ExitCode == 0) == expectFound, $"nslookup {name} exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
        return result.Stdout + result.Stderr;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(300);
        }

        Assert.Fail($"never: {what}");
    }

    private static async Task<DnsMessage> AskAsync(IPEndPoint server, string name, RecordType type, bool tcp = false)
    {
        var client = new DnsClient([server.Address], tcp ? [new TcpClientTransport(server.Port)] : [new UdpClientTransport(server.Port)], true, 3000);
        return await client.ResolveAsync(DomainName.Parse(name), type) ?? throw new TimeoutException($"no answer from {server} for {name} {type}");
    }

    /// <summary>The test's own upstream on loopback: A of anything under example.test is 127.1.2.3, the rest NXDOMAIN.</summary>
    private IPEndPoint StartUpstream()
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreeUdpTcpPort());
        _upstream = new DnsServer(new UdpServerTransport(endPoint), new TcpServerTransport(endPoint));
        _upstream.QueryReceived += (_, e) =>
        {
            var query = (DnsMessage)e.Query;
            var response = query.CreateResponseInstance();
            var question = query.Questions[0];
            if (question.Name.IsSubDomainOf(DomainName.Parse("example.test")))
            {
                if (question.RecordType == RecordType.A)
                {
                    response.AnswerRecords.Add(new ARecord(question.Name, 300, UpstreamAnswer));
                }
            }
            else
            {
                response.ReturnCode = ReturnCode.NxDomain;
            }

            e.Response = response;
            return Task.CompletedTask;
        };
        _upstream.Start();
        return endPoint;
    }

    private static int FreeUdpTcpPort()
    {
        while (true)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }
}
