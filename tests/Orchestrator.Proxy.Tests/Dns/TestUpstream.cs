using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Orchestrator.Proxy.Tests.Dns;

/// <summary>
/// A resolver of the test's own on loopback (the machine's resolver is never asked): ARSoft's DnsServer answering
/// A of any name under example.test with 127.1.2.3 and NXDOMAIN for everything else, counting what it was asked.
/// </summary>
internal sealed class TestUpstream : IDisposable
{
    public static readonly IPAddress Answer = IPAddress.Parse("127.1.2.3");

    private readonly DnsServer _server;
    private int _queries;

    public TestUpstream()
    {
        EndPoint = DnsPackets.FreeEndPoint();
        _server = new DnsServer(new UdpServerTransport(EndPoint), new TcpServerTransport(EndPoint));
        _server.QueryReceived += (_, e) =>
        {
            Interlocked.Increment(ref _queries);
            var query = (DnsMessage)e.Query;
            var response = query.CreateResponseInstance();
            var question = query.Questions[0];
            if (question.Name.IsSubDomainOf(DomainName.Parse("example.test")))
            {
                if (question.RecordType == RecordType.A)
                {
                    response.AnswerRecords.Add(new ARecord(question.Name, 300, Answer));
                }
            }
            else
            {
                response.ReturnCode = ReturnCode.NxDomain;
            }

            e.Response = response;
            return Task.CompletedTask;
        };
        _server.Start();
    }

    public IPEndPoint EndPoint { get; }

    public int Queries => Volatile.Read(ref _queries);

    public void Dispose() => _server.Stop();
}
