using System.Collections.Concurrent;
using System.Net;

namespace Orchestrator.Proxy.Endpoints;

/// <summary>
/// Picks the endpoint for each new connection of one listener: round-robin over the ready endpoints, the same
/// endpoint again for a client IP while its ClientIP session affinity lasts (refreshed on every use, as
/// kube-proxy's affinity is), and none that refused a connection within the retry period unless every other one
/// did too. Called concurrently by the socket loops; its state outlives EndpointSlice changes (a new
/// <see cref="Snapshot"/>), so affinities to endpoints that stay keep holding.
/// </summary>
public sealed class EndpointSelector
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryAfter;
    private readonly ConcurrentDictionary<IPEndPoint, long> _refusedUntil = new();
    private readonly ConcurrentDictionary<IPAddress, Affinity> _affinities = new();
    private volatile EndpointSnapshot _snapshot = EndpointSnapshot.Empty;
    private int _next = -1;

    public EndpointSelector(TimeSpan retryAfter, TimeProvider? time = null)
    {
        _retryAfter = retryAfter;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The endpoints to pick from; replaced whole by the proxy actor.</summary>
    public EndpointSnapshot Snapshot
    {
        get => _snapshot;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _snapshot = value;
            Forget(value);
        }
    }

    /// <summary>Client IPs with a live affinity (for tests and diagnostics).</summary>
    public int AffinityCount => _affinities.Count;

    /// <summary>
    /// The endpoint for a new connection from <paramref name="client"/>, skipping those in <paramref name="tried"/>
    /// (this connection's failed attempts); false when there is none left.
    /// </summary>
    public bool TryPick(IPAddress client, IReadOnlySet<IPEndPoint>? tried, out IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(client);
        var snapshot = _snapshot;
        var endpoints = snapshot.Endpoints;
        endpoint = null!;
        if (endpoints.Count == 0)
        {
            return false;
        }

        IPEndPoint? chosen = null;

        var now = _time.GetTimestamp();
        var affinity = snapshot.AffinityTimeout;
        if (affinity is { } timeout && _affinities.TryGetValue(client, out var held))
        {
            if (_time.GetElapsedTime(held.LastUsed, now) <= timeout
                && snapshot.Set.Contains(held.Endpoint)
                && tried?.Contains(held.Endpoint) != true
                && !IsRefused(held.Endpoint, now))
            {
                _affinities[client] = held with { LastUsed = now };
                endpoint = held.Endpoint;
                return true;
            }

            _affinities.TryRemove(new KeyValuePair<IPAddress, Affinity>(client, held));
        }

        // Round-robin from the shared cursor; endpoints refused lately come last, tried ones never.
        IPEndPoint? fallback = null;
        for (var i = 0; i < endpoints.Count; i++)
        {
            var candidate = endpoints[(int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Count)];
            if (tried?.Contains(candidate) == true)
            {
                continue;
            }

            if (IsRefused(candidate, now))
            {
                fallback ??= candidate;
                continue;
            }

            chosen = candidate;
            break;
        }

        chosen ??= fallback;
        if (chosen is null)
        {
            return false;
        }

        endpoint = chosen;

        if (affinity is not null)
        {
            _affinities[client] = new Affinity(endpoint, now);
        }

        return true;
    }

    /// <summary>The endpoint refused (or did not answer) a connection: new connections skip it for the retry period.</summary>
    public void MarkRefused(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _refusedUntil[endpoint] = _time.GetTimestamp() + (long)(_retryAfter.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>Drops what is kept about endpoints that left, and affinities that expired or were turned off.</summary>
    private void Forget(EndpointSnapshot snapshot)
    {
        foreach (var refused in _refusedUntil.Keys)
        {
            if (!snapshot.Set.Contains(refused))
            {
                _refusedUntil.TryRemove(refused, out _);
            }
        }

        var now = _time.GetTimestamp();
        foreach (var (client, held) in _affinities)
        {
            if (snapshot.AffinityTimeout is not { } timeout || !snapshot.Set.Contains(held.Endpoint) || _time.GetElapsedTime(held.LastUsed, now) > timeout)
            {
                _affinities.TryRemove(new KeyValuePair<IPAddress, Affinity>(client, held));
            }
        }
    }

    private bool IsRefused(IPEndPoint endpoint, long now)
    {
        if (!_refusedUntil.TryGetValue(endpoint, out var until))
        {
            return false;
        }

        if (now < until)
        {
            return true;
        }

        _refusedUntil.TryRemove(new KeyValuePair<IPEndPoint, long>(endpoint, until));
        return false;
    }

    private sealed record Affinity(IPEndPoint Endpoint, long LastUsed);
}
