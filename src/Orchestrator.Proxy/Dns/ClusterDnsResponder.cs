using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Orchestrator.Proxy.Dns;

/// <summary>
/// Answers one query: names in the cluster domain (and PTR of cluster addresses) from the current
/// <see cref="DnsRecords"/> snapshot, authoritatively; everything else through the <see cref="UpstreamForwarder"/>.
/// Thread-safe: it only reads the snapshot, which <see cref="Records"/> swaps whole.
/// </summary>
public sealed class ClusterDnsResponder
{
    private static readonly DomainName ReverseZone = DomainName.Parse("in-addr.arpa");

    private readonly UpstreamForwarder? _forwarder;
    private DnsRecords _records;

    public ClusterDnsResponder(DnsRecords initial, UpstreamForwarder? forwarder)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _records = initial;
        _forwarder = forwarder;
    }

    /// <summary>The snapshot queries are answered from; set by the <see cref="DnsServerActor"/>.</summary>
    public DnsRecords Records
    {
        get => Volatile.Read(ref _records);
        set => Volatile.Write(ref _records, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public async Task<DnsMessage> RespondAsync(DnsMessage query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Answer(query) is { } answer)
        {
            return answer;
        }

        if (_forwarder is null)
        {
            return Failure(query, ReturnCode.Refused);
        }

        return await _forwarder.ForwardAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer from the snapshot, or null when the query is to be forwarded.</summary>
    public DnsMessage? Answer(DnsMessage query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.OperationCode != OperationCode.Query)
        {
            return Failure(query, ReturnCode.NotImplemented);
        }

        if (query.Questions.Count != 1)
        {
            return Failure(query, ReturnCode.FormatError);
        }

        var records = Records;
        var question = query.Questions[0];
        var name = question.Name;
        if (records.IsInDomain(name))
        {
            return Authoritative(query, records, question);
        }

        if (question.RecordType is RecordType.Ptr or RecordType.Any && name.IsSubDomainOf(ReverseZone))
        {
            var ptr = records.LookupReverse(name);
            if (ptr.Count > 0)
            {
                var response = Response(query);
                response.AnswerRecords.AddRange(ptr);
                return response;
            }
        }

        return null;
    }

    private static DnsMessage Authoritative(DnsMessage query, DnsRecords records, DnsQuestion question)
    {
        var response = Response(query);
        if (!records.Synced)
        {
            // Before the first complete list an unknown name may only not have arrived: no negative answer to cache.
            response.ReturnCode = ReturnCode.ServerFailure;
            return response;
        }

        var name = question.Name;
        if (name.Equals(records.Domain) && question.RecordType is RecordType.Soa)
        {
            response.AnswerRecords.Add(records.Soa);
            return response;
        }

        var all = records.Lookup(name);
        foreach (var record in all)
        {
            // A CNAME answers every type (the client follows it outside the domain).
            if (question.RecordType == RecordType.Any || record.RecordType == question.RecordType || record.RecordType == RecordType.CName)
            {
                response.AnswerRecords.Add(record);
            }
        }

        if (response.AnswerRecords.Count > 0)
        {
            if (question.RecordType == RecordType.Srv)
            {
                // The targets' addresses, so a client needs no second query.
                foreach (var target in response.AnswerRecords.OfType<SrvRecord>().Select(s => s.Target).Distinct())
                {
                    response.AdditionalRecords.AddRange(records.Lookup(target).Where(r => r.RecordType == RecordType.A));
                }
            }

            return response;
        }

        // NODATA for a name that exists (another type, or an empty non-terminal), NXDOMAIN otherwise; both with the SOA.
        if (all.Count == 0 && !records.Exists(name))
        {
            response.ReturnCode = ReturnCode.NxDomain;
        }

        response.AuthorityRecords.Add(records.Soa);
        return response;
    }

    private static DnsMessage Response(DnsMessage query)
    {
        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        response.IsRecursionAllowed = true;
        response.ReturnCode = ReturnCode.NoError;
        return response;
    }

    private static DnsMessage Failure(DnsMessage query, ReturnCode code)
    {
        var response = query.CreateResponseInstance();
        response.ReturnCode = code;
        return response;
    }
}
