using System.Net;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net.Dns;
using Orchestrator.Proxy.Dns;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Proxy.Tests.Dns;

/// <summary>
/// The cluster DNS server on real loopback sockets, UDP and TCP: answers from the records, forwarding to a test
/// upstream, SERVFAIL when the upstream is gone, and a malformed-packet corpus that never stops the server and
/// gets only well-formed replies.
/// </summary>
public sealed class ClusterDnsServerTests : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(1);

    private readonly ITestOutputHelper _output;
    private readonly TestUpstream _upstream = new();
    private readonly UpstreamForwarder _forwarder;
    private readonly ClusterDnsServer _server;
    private readonly IPEndPoint _endPoint = DnsPackets.FreeEndPoint();

    public ClusterDnsServerTests(ITestOutputHelper output)
    {
        _output = output;
        _forwarder = new UpstreamForwarder([_upstream.EndPoint], TimeSpan.FromSeconds(1));
        var records = ClusterDnsRecordsBuilder.Build(
            "cluster.local",
            5,
            [JsonNode.Parse("""{"metadata":{"name":"web","namespace":"default"},"spec":{"clusterIP":"100.96.3.4","ports":[{"name":"http","port":80}]}}""")!.AsObject()],
            [],
            synced: true);
        _server = new ClusterDnsServer(new ClusterDnsResponder(records, _forwarder));
        _server.Listen(_endPoint);
    }

    public void Dispose()
    {
        _server.Dispose();
        _forwarder.Dispose();
        _upstream.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answers_service_names_over_udp_and_tcp_with_a_five_second_ttl(bool tcp)
    {
        var response = await DnsPackets.AskAsync(_endPoint, "web.default.svc.cluster.local", RecordType.A, tcp);
        var a = Assert.IsType<ARecord>(Assert.Single(response.AnswerRecords));
        Assert.Equal((IPAddress.Parse("100.96.3.4"), 5), (a.Address, a.TimeToLive));
        Assert.True(response.IsAuthoritiveAnswer);

        var nx = await DnsPackets.AskAsync(_endPoint, "nope.default.svc.cluster.local", RecordType.A, tcp);
        Assert.Equal(ReturnCode.NxDomain, nx.ReturnCode);
        Assert.Equal(0, _upstream.Queries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forwards_names_outside_the_domain_to_the_upstream(bool tcp)
    {
        var response = await DnsPackets.AskAsync(_endPoint, "www.example.test", RecordType.A, tcp);
        Assert.Equal(ReturnCode.NoError, response.ReturnCode);
        Assert.False(response.IsAuthoritiveAnswer);
        Assert.True(response.IsRecursionAllowed);
        var a = Assert.IsType<ARecord>(Assert.Single(response.AnswerRecords));
        Assert.Equal(TestUpstream.Answer, a.Address);
        Assert.Equal(1, _upstream.Queries);

        // The upstream's NXDOMAIN is passed on, and so is a PTR the cluster does not know.
        Assert.Equal(ReturnCode.NxDomain, (await DnsPackets.AskAsync(_endPoint, "www.elsewhere.test", RecordType.A, tcp)).ReturnCode);
        Assert.Equal(ReturnCode.NxDomain, (await DnsPackets.AskAsync(_endPoint, "9.9.9.127.in-addr.arpa", RecordType.Ptr, tcp)).ReturnCode);
        Assert.Equal(3, _upstream.Queries);
    }

    [Fact]
    public async Task An_upstream_that_does_not_answer_is_servfail_while_the_cluster_names_still_answer()
    {
        using var forwarder = new UpstreamForwarder([DnsPackets.FreeEndPoint()], TimeSpan.FromMilliseconds(300));
        var records = ClusterDnsRecordsBuilder.Build("cluster.local", 5, [], [], synced: true);
        using var server = new ClusterDnsServer(new ClusterDnsResponder(records, forwarder));
        var endPoint = DnsPackets.FreeEndPoint();
        server.Listen(endPoint);

        Assert.Equal(ReturnCode.ServerFailure, (await DnsPackets.AskAsync(endPoint, "www.example.test", RecordType.A)).ReturnCode);
        Assert.Equal(ReturnCode.NxDomain, (await DnsPackets.AskAsync(endPoint, "web.default.svc.cluster.local", RecordType.A)).ReturnCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_malformed_packet_corpus_never_stops_the_server_and_every_reply_is_well_formed(bool tcp)
    {
        var corpus = DnsPackets.MalformedCorpus().ToList();
        Assert.True(corpus.Count > 100);
        var replies = await Task.WhenAll(corpus.Select(async c =>
            (c.Case, Reply: tcp ? await DnsPackets.SendTcpAsync(_endPoint, c.Packet, ReplyTimeout) : await DnsPackets.SendUdpAsync(_endPoint, c.Packet, ReplyTimeout))));

        var answered = 0;
        foreach (var (name, reply) in replies)
        {
            if (reply is null)
            {
                continue;
            }

            answered++;
            var message = DnsMessage.Parse(new ArraySegment<byte>(reply));
            Assert.False(message.IsQuery, name);
            Assert.True(message.ReturnCode is ReturnCode.NoError or ReturnCode.NxDomain or ReturnCode.FormatError or ReturnCode.ServerFailure or ReturnCode.NotImplemented or ReturnCode.Refused,
                $"{name}: {message.ReturnCode}");
        }

        _output.WriteLine($"{answered} of {corpus.Count} malformed packets got a reply; the rest were dropped");

        // The server is still there, on both transports, and answers right.
        foreach (var overTcp in (bool[])[false, true])
        {
            var response = await DnsPackets.AskAsync(_endPoint, "web.default.svc.cluster.local", RecordType.A, overTcp);
            Assert.Equal(IPAddress.Parse("100.96.3.4"), Assert.IsType<ARecord>(Assert.Single(response.AnswerRecords)).Address);
        }

        // A well-formed raw query gets a well-formed reply with its ID.
        var raw = tcp
            ? await DnsPackets.SendTcpAsync(_endPoint, DnsPackets.Query(0xBEEF, "web.default.svc.cluster.local"), ReplyTimeout * 5)
            : await DnsPackets.SendUdpAsync(_endPoint, DnsPackets.Query(0xBEEF, "web.default.svc.cluster.local"), ReplyTimeout * 5);
        var parsed = DnsMessage.Parse(new ArraySegment<byte>(raw!));
        Assert.Equal((0xBEEF, 1), (parsed.TransactionID, parsed.AnswerRecords.Count));
    }
}
