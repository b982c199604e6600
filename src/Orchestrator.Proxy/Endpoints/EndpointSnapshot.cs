using System.Collections.Frozen;
using System.Net;

namespace Orchestrator.Proxy.Endpoints;

/// <summary>
/// What one listener forwards to, as of the last Service and EndpointSlice change: the ready endpoints (already
/// narrowed to the node's own when a Local traffic policy applies and the node has some) and the ClientIP session
/// affinity timeout. Immutable: the proxy actor replaces it whole, and the socket loops read it without locking.
/// </summary>
public sealed class EndpointSnapshot
{
    public static EndpointSnapshot Empty { get; } = new([], null);

    public EndpointSnapshot(IReadOnlyList<IPEndPoint> endpoints, TimeSpan? affinityTimeout)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        Endpoints = endpoints;
        AffinityTimeout = affinityTimeout;
        Set = endpoints.ToFrozenSet();
    }

    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <summary>sessionAffinity ClientIP's timeout; null for sessionAffinity None.</summary>
    public TimeSpan? AffinityTimeout { get; }

    public bool IsEmpty => Endpoints.Count == 0;

    public FrozenSet<IPEndPoint> Set { get; }

    /// <summary>Same endpoints in the same order and the same affinity: nothing for a listener to change.</summary>
    public bool SameAs(EndpointSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return AffinityTimeout == other.AffinityTimeout && Endpoints.SequenceEqual(other.Endpoints);
    }
}
