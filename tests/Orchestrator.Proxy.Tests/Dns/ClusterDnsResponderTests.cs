using System.Net;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Orchestrator.Proxy.Dns;
using Xunit;

namespace Orchestrator.Proxy.Tests.Dns;

/// <summary>
/// The records the cluster DNS serves, built from Services and EndpointSlices and answered by the responder
/// (no sockets): every record type of Kubernetes' DNS specification, NODATA against NXDOMAIN, the TTL, and what
/// is left to the upstream.
/// </summary>
public sealed class ClusterDnsResponderTests
{
    private const int Ttl = 5;

    private static readonly JsonObject[] Services =
    [
        Json("""{"metadata":{"name":"web","namespace":"default"},"spec":{"type":"ClusterIP","clusterIP":"100.96.3.4","ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"dns","port":53,"protocol":"UDP"},{"port":9999}]}}"""),
        Json("""{"metadata":{"name":"db","namespace":"prod"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}]}}"""),
        Json("""{"metadata":{"name":"empty","namespace":"prod"},"spec":{"clusterIP":"None"}}"""),
        Json("""{"metadata":{"name":"ext","namespace":"default"},"spec":{"type":"ExternalName","externalName":"example.org"}}"""),
    ];

    private static readonly JsonObject[] Slices =
    [
        Json("""
            {"metadata":{"name":"db-abc","namespace":"prod","labels":{"kubernetes.io/service-name":"db"}},"addressType":"IPv4",
             "ports":[{"name":"pg","port":5432,"protocol":"TCP"}],
             "endpoints":[
               {"addresses":["100.64.0.7"],"hostname":"db-0","conditions":{"ready":true}},
               {"addresses":["100.64.0.8"],"conditions":{}},
               {"addresses":["100.64.0.9"],"hostname":"db-2","conditions":{"ready":false}}]}
            """),
        // A slice of another namespace's Service of the same name does not leak in.
        Json("""{"metadata":{"name":"db-x","namespace":"other","labels":{"kubernetes.io/service-name":"db"}},"addressType":"IPv4","endpoints":[{"addresses":["100.64.9.9"]}]}"""),
    ];

    private readonly ClusterDnsResponder _responder = new(ClusterDnsRecordsBuilder.Build("cluster.local", Ttl, Services, Slices, synced: true), forwarder: null);

    [Fact]
    public void A_cluster_ip_service_answers_its_cluster_ip_authoritatively_with_the_ttl()
    {
        var response = Answer("web.default.svc.cluster.local", RecordType.A);
        Assert.Equal(ReturnCode.NoError, response.ReturnCode);
        Assert.True(response.IsAuthoritiveAnswer);
        var a = Assert.IsType<ARecord>(Assert.Single(response.AnswerRecords));
        Assert.Equal(IPAddress.Parse("100.96.3.4"), a.Address);
        Assert.Equal(Ttl, a.TimeToLive);
        // Names are case-insensitive.
        Assert.Single(Answer("WEB.Default.SVC.cluster.LOCAL", RecordType.A).AnswerRecords);
    }

    [Fact]
    public void A_headless_service_answers_its_ready_endpoints_and_each_hostname()
    {
        var response = Answer("db.prod.svc.cluster.local", RecordType.A);
        Assert.Equal(["100.64.0.7", "100.64.0.8"], response.AnswerRecords.OfType<ARecord>().Select(a => a.Address.ToString()).Order());
        var host = Assert.IsType<ARecord>(Assert.Single(Answer("db-0.db.prod.svc.cluster.local", RecordType.A).AnswerRecords));
        Assert.Equal(IPAddress.Parse("100.64.0.7"), host.Address);
        // An endpoint without a hostname is named by its dashed address; a not-ready one is not served.
        Assert.Single(Answer("100-64-0-8.db.prod.svc.cluster.local", RecordType.A).AnswerRecords);
        Assert.Equal(ReturnCode.NxDomain, Answer("db-2.db.prod.svc.cluster.local", RecordType.A).ReturnCode);
        // A headless Service without endpoints exists: NODATA.
        var empty = Answer("empty.prod.svc.cluster.local", RecordType.A);
        Assert.Equal((ReturnCode.NoError, 0), (empty.ReturnCode, empty.AnswerRecords.Count));
    }

    [Fact]
    public void Named_ports_answer_srv_with_the_service_or_endpoint_names_as_targets()
    {
        var srv = Assert.IsType<SrvRecord>(Assert.Single(Answer("_http._tcp.web.default.svc.cluster.local", RecordType.Srv).AnswerRecords));
        Assert.Equal((80, "web.default.svc.cluster.local."), (srv.Port, srv.Target.ToString()));
        var dns = Assert.IsType<SrvRecord>(Assert.Single(Answer("_dns._udp.web.default.svc.cluster.local", RecordType.Srv).AnswerRecords));
        Assert.Equal(53, dns.Port);
        // SRV of the Service name: every named port; the unnamed one has no SRV.
        Assert.Equal([53, 80], Answer("web.default.svc.cluster.local", RecordType.Srv).AnswerRecords.OfType<SrvRecord>().Select(s => (int)s.Port).Order());

        var headless = Answer("_pg._tcp.db.prod.svc.cluster.local", RecordType.Srv);
        Assert.Equal(["100-64-0-8.db.prod.svc.cluster.local.", "db-0.db.prod.svc.cluster.local."],
            headless.AnswerRecords.OfType<SrvRecord>().Select(s => s.Target.ToString()).Order());
        Assert.All(headless.AnswerRecords.OfType<SrvRecord>(), s => Assert.Equal(5432, s.Port));
        // The targets' addresses come along in the additional section.
        Assert.Equal(2, headless.AdditionalRecords.OfType<ARecord>().Count());
    }

    [Fact]
    public void Pod_names_answer_the_address_they_spell()
    {
        var a = Assert.IsType<ARecord>(Assert.Single(Answer("100-64-1-20.default.pod.cluster.local", RecordType.A).AnswerRecords));
        Assert.Equal(IPAddress.Parse("100.64.1.20"), a.Address);
        Assert.Equal(ReturnCode.NxDomain, Answer("100-64-1.default.pod.cluster.local", RecordType.A).ReturnCode);
        Assert.Equal(ReturnCode.NxDomain, Answer("not-an-ip.default.pod.cluster.local", RecordType.A).ReturnCode);
    }

    [Fact]
    public void Service_and_hostname_addresses_answer_ptr()
    {
        var ptr = Assert.IsType<PtrRecord>(Assert.Single(Answer("4.3.96.100.in-addr.arpa", RecordType.Ptr).AnswerRecords));
        Assert.Equal("web.default.svc.cluster.local.", ptr.PointerDomainName.ToString());
        Assert.Equal(Ttl, ptr.TimeToLive);
        var host = Assert.IsType<PtrRecord>(Assert.Single(Answer("7.0.64.100.in-addr.arpa", RecordType.Ptr).AnswerRecords));
        Assert.Equal("db-0.db.prod.svc.cluster.local.", host.PointerDomainName.ToString());
        // Other addresses are the upstream's.
        Assert.Null(_responder.Answer(Query("1.0.0.127.in-addr.arpa", RecordType.Ptr)));
    }

    [Fact]
    public void An_external_name_service_answers_a_cname()
    {
        var cname = Assert.IsType<CNameRecord>(Assert.Single(Answer("ext.default.svc.cluster.local", RecordType.A).AnswerRecords));
        Assert.Equal("example.org.", cname.CanonicalName.ToString());
    }

    [Fact]
    public void Unknown_names_in_the_domain_are_nxdomain_and_existing_names_without_the_type_are_nodata_both_with_the_soa()
    {
        foreach (var name in (string[])["nope.default.svc.cluster.local", "web.nope.svc.cluster.local", "x.cluster.local", "web.default.svc.cluster.local.default.svc.cluster.local"])
        {
            var nx = Answer(name, RecordType.A);
            Assert.Equal(ReturnCode.NxDomain, nx.ReturnCode);
            Assert.True(nx.IsAuthoritiveAnswer);
            var soa = Assert.IsType<SoaRecord>(Assert.Single(nx.AuthorityRecords));
            Assert.Equal((Ttl, Ttl), (soa.TimeToLive, soa.NegativeCachingTTL));
        }

        // AAAA of an IPv4 Service, and the empty non-terminals on the way to it: NOERROR without answers.
        foreach (var (name, type) in (ReadOnlySpan<(string, RecordType)>)[
            ("web.default.svc.cluster.local", RecordType.Aaaa), ("default.svc.cluster.local", RecordType.A), ("svc.cluster.local", RecordType.A), ("cluster.local", RecordType.A)])
        {
            var nodata = Answer(name, type);
            Assert.Equal((ReturnCode.NoError, 0), (nodata.ReturnCode, nodata.AnswerRecords.Count));
            Assert.IsType<SoaRecord>(Assert.Single(nodata.AuthorityRecords));
        }

        Assert.IsType<SoaRecord>(Assert.Single(Answer("cluster.local", RecordType.Soa).AnswerRecords));
    }

    [Fact]
    public async Task Names_outside_the_domain_are_left_to_the_upstream_and_refused_without_one()
    {
        Assert.Null(_responder.Answer(Query("example.org", RecordType.A)));
        Assert.Null(_responder.Answer(Query("cluster.local.example.org", RecordType.A)));
        var refused = await _responder.RespondAsync(Query("example.org", RecordType.A));
        Assert.Equal(ReturnCode.Refused, refused.ReturnCode);
    }

    [Fact]
    public void Before_the_informers_have_listed_the_domain_answers_servfail_rather_than_a_negative_answer()
    {
        var responder = new ClusterDnsResponder(DnsRecords.Empty("cluster.local", Ttl), forwarder: null);
        Assert.Equal(ReturnCode.ServerFailure, responder.Answer(Query("web.default.svc.cluster.local", RecordType.A))!.ReturnCode);
        responder.Records = ClusterDnsRecordsBuilder.Build("cluster.local", Ttl, Services, Slices, synced: true);
        Assert.Equal(ReturnCode.NoError, responder.Answer(Query("web.default.svc.cluster.local", RecordType.A))!.ReturnCode);
    }

    [Fact]
    public void Another_cluster_domain_is_honoured()
    {
        var responder = new ClusterDnsResponder(ClusterDnsRecordsBuilder.Build("example.internal", Ttl, Services, Slices, synced: true), forwarder: null);
        Assert.Single(responder.Answer(Query("web.default.svc.example.internal", RecordType.A))!.AnswerRecords);
        Assert.Null(responder.Answer(Query("web.default.svc.cluster.local", RecordType.A)));
    }

    private DnsMessage Answer(string name, RecordType type) => _responder.Answer(Query(name, type)) ?? throw new InvalidOperationException($"{name} was to be forwarded");

    private static DnsMessage Query(string name, RecordType type)
    {
        var query = new DnsMessage { IsQuery = true, IsRecursionDesired = true, TransactionID = 7 };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        return query;
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
