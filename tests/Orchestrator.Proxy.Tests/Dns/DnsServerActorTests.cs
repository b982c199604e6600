using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Proxy.Dns;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Proxy.Tests.Dns;

/// <summary>
/// The DNS server actor against a real gateway over HTTP: Services and EndpointSlices written through the API
/// become records, changes and deletions follow, and the kube-dns Service is ensured idempotently.
/// </summary>
public sealed class DnsServerActorTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private TestGateway _gateway = null!;
    private readonly ClusterDnsResponder _responder = new(DnsRecords.Empty("cluster.local", 5), forwarder: null);

    public DnsServerActorTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "dns-server-actor", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Services_and_endpoint_slices_from_the_api_become_records_and_follow_changes()
    {
        var web = await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"web","namespace":"default"},"spec":{"ports":[{"name":"http","port":80}]}}"""));
        var clusterIp = IPAddress.Parse(web["spec"]!["clusterIP"]!.GetValue<string>());
        await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"db","namespace":"default"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}]}}"""));
        await Client.CreateAsync(ResourceRef.EndpointSlices, Json("""
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"db-1","namespace":"default","labels":{"kubernetes.io/service-name":"db"}},
             "addressType":"IPv4","ports":[{"name":"pg","port":5432,"protocol":"TCP"}],
             "endpoints":[{"addresses":["100.64.0.7"],"hostname":"db-0","conditions":{"ready":true}}]}
            """));

        var actor = Sys.ActorOf(DnsServerActor.Props(Client, new InformerSettings(), new DnsSettings(), _responder), "cluster-dns");

        await AwaitAnswerAsync("web.default.svc.cluster.local", RecordType.A, r => r.AnswerRecords.OfType<ARecord>().Any(a => a.Address.Equals(clusterIp)));
        Assert.True(_responder.Records.Synced);
        await AwaitAnswerAsync("db-0.db.default.svc.cluster.local", RecordType.A, r => r.AnswerRecords.Count == 1);
        await AwaitAnswerAsync(DnsRecords.ReverseName(clusterIp).ToString(), RecordType.Ptr, r => r.AnswerRecords.Count == 1);

        // A new endpoint appears in the headless answer; a deleted Service becomes NXDOMAIN.
        var slice = await Client.GetAsync(ResourceRef.EndpointSlices, "default", "db-1");
        slice["endpoints"]!.AsArray().Add(Json("""{"addresses":["100.64.0.8"],"conditions":{"ready":true}}"""));
        await Client.UpdateAsync(ResourceRef.EndpointSlices, slice);
        await AwaitAnswerAsync("db.default.svc.cluster.local", RecordType.A, r => r.AnswerRecords.Count == 2);
        await Client.DeleteAsync(ResourceRef.Services, "default", "web");
        await AwaitAnswerAsync("web.default.svc.cluster.local", RecordType.A, r => r.ReturnCode == ReturnCode.NxDomain);

        Watch(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor, Timeout);
    }

    [Fact]
    public async Task The_kube_dns_service_is_ensured_idempotently_with_the_tenth_address_and_the_dns_ports()
    {
        Assert.Equal(IPAddress.Parse("100.96.0.10"), KubeDnsService.TenthAddress("100.96.0.0/16"));
        Assert.Equal(IPAddress.Parse("127.96.0.10"), KubeDnsService.TenthAddress("127.96.0.0/16"));
        Assert.Throws<FormatException>(() => KubeDnsService.TenthAddress("fd00::/64"));

        // The test gateway allocates from its own default range; only the address's place in it matters here.
        var range = new Orchestrator.Api.ApiSettings().ServiceClusterIpRange;
        var address = KubeDnsService.TenthAddress(range);
        await EnsureNamespaceAsync("kube-system");
        var created = await KubeDnsService.EnsureAsync(Client, address);
        var again = await KubeDnsService.EnsureAsync(Client, address);
        Assert.Equal(created["metadata"]!["uid"]!.GetValue<string>(), again["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), again["metadata"]!["resourceVersion"]!.GetValue<string>());

        var service = await Client.GetAsync(ResourceRef.Services, "kube-system", "kube-dns");
        Assert.Equal(address.ToString(), service["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal("orchestrator-dns", service["metadata"]!["labels"]![KubeDnsService.ServiceProxyNameLabel]!.GetValue<string>());
        Assert.Equal("kube-dns", service["metadata"]!["labels"]!["k8s-app"]!.GetValue<string>());
        var ports = service["spec"]!["ports"]!.AsArray().Select(p => (p!["name"]!.GetValue<string>(), p["port"]!.GetValue<int>(), p["protocol"]!.GetValue<string>()));
        Assert.Equal([("dns", 53, "UDP"), ("dns-tcp", 53, "TCP")], ports);

        // A user who dropped the label gets it back.
        service["metadata"]!["labels"]!.AsObject().Remove(KubeDnsService.ServiceProxyNameLabel);
        await Client.UpdateAsync(ResourceRef.Services, service);
        var repaired = await KubeDnsService.EnsureAsync(Client, address);
        Assert.Equal("orchestrator-dns", repaired["metadata"]!["labels"]![KubeDnsService.ServiceProxyNameLabel]!.GetValue<string>());
    }

    private async Task EnsureNamespaceAsync(string name)
    {
        try
        {
            await Client.CreateAsync(ResourceRef.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
        }
    }

    private async Task AwaitAnswerAsync(string name, RecordType type, Func<DnsMessage, bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        DnsMessage? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var query = new DnsMessage { IsQuery = true, TransactionID = 1 };
            query.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
            last = _responder.Answer(query);
            if (last is not null && condition(last))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{name} {type} never answered as expected; last: {last?.ReturnCode} with {last?.AnswerRecords.Count} answers");
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
