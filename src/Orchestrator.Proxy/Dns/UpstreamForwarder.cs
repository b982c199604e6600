using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Orchestrator.Proxy.Dns;

/// <summary>
/// Forwards questions outside the cluster domain to the upstream resolvers in order (CoreDNS' <c>forward</c>
/// plugin with policy sequential): the first that answers wins; none answering is SERVFAIL.
/// </summary>
public sealed class UpstreamForwarder : IDisposable
{
    private readonly (IPEndPoint EndPoint, DnsClient Client)[] _upstreams;

    public UpstreamForwarder(IReadOnlyList<IPEndPoint> upstreams, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        // ARSoft's client takes the port from its transports, so each upstream gets a client of its own.
        _upstreams = [.. upstreams.Select(u => (u, new DnsClient(
            [u.Address],
            [new UdpClientTransport(u.Port), new TcpClientTransport(u.Port)],
            true,
            (int)timeout.TotalMilliseconds)))];
    }

    public IReadOnlyList<IPEndPoint> Upstreams => [.. _upstreams.Select(u => u.EndPoint)];

    /// <summary>The upstream's answer to the query's question, as a response to the query.</summary>
    public async Task<DnsMessage> ForwardAsync(DnsMessage query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = true;
        var question = query.Questions[0];
        foreach (var (_, client) in _upstreams)
        {
            DnsMessage? answer;
            try
            {
                answer = await client.ResolveAsync(
                    question.Name,
                    question.RecordType,
                    question.RecordClass,
                    new DnsQueryOptions { IsRecursionDesired = query.IsRecursionDesired, IsCheckingDisabled = query.IsCheckingDisabled },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                answer = null;
            }

            if (answer is null || answer.ReturnCode == ReturnCode.ServerFailure)
            {
                continue;
            }

            response.ReturnCode = answer.ReturnCode;
            response.IsAuthenticData = answer.IsAuthenticData;
            response.AnswerRecords.AddRange(answer.AnswerRecords);
            response.AuthorityRecords.AddRange(answer.AuthorityRecords);
            response.AdditionalRecords.AddRange(answer.AdditionalRecords.Where(r => r.RecordType != RecordType.Opt));
            return response;
        }

        response.ReturnCode = ReturnCode.ServerFailure;
        return response;
    }

    public void Dispose()
    {
        foreach (var (_, client) in _upstreams)
        {
            (client as IDisposable)?.Dispose();
        }
    }
}
