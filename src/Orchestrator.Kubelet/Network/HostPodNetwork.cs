using Orchestrator.Kubelet.Hollow;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// The pod network when CNI cannot run (no root, no plugins, no podCIDR): pods share the node's network namespace,
/// and each gets its own loopback address from a range (127.100.0.0/16 by default; all of 127/8 reaches <c>lo</c> on
/// Linux) to bind its ports on, so two pods serving the same port do not collide. Nothing is isolated, which the node
/// reports in its NetworkUnavailable condition. An address is freed on teardown.
/// </summary>
public sealed class HostPodNetwork : IPodNetwork
{
    private readonly Ipv4Cidr _range;
    private readonly Dictionary<string, ulong> _byContainer = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> _used = [];
    private readonly Lock _gate = new();
    private ulong _next = 1;

    public HostPodNetwork(Ipv4Cidr range)
    {
        if (range.Size < 4)
        {
            throw new ArgumentException($"{range} is too small for pod addresses", nameof(range));
        }

        _range = range;
    }

    public bool IsolatesPods => false;

    /// <summary>Addresses handed out and not yet freed.</summary>
    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _used.Count;
            }
        }
    }

    /// <summary>The same address again for a sandbox already set up (a retried RunPodSandbox, or one adopted after a restart).</summary>
    public Task<PodNetworkResult> SetUpAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        lock (_gate)
        {
            if (!_byContainer.TryGetValue(attachment.ContainerId, out var offset))
            {
                // Round-robin from after the last one handed out, so a freed address is not reused at once.
                var usable = _range.Size - 2;
                for (ulong tried = 0; ; tried++)
                {
                    if (tried == usable)
                    {
                        throw new InvalidOperationException($"no free pod address left in {_range}");
                    }

                    offset = _next;
                    _next = _next % usable + 1;
                    if (_used.Add(offset))
                    {
                        break;
                    }
                }

                _byContainer[attachment.ContainerId] = offset;
            }

            return Task.FromResult(new PodNetworkResult(_range.AddressAt(offset).ToString(), null));
        }
    }

    /// <summary>Marks an address as taken by a sandbox that survived a restart, so it is not handed out twice.</summary>
    public void Adopt(string containerId, string ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        if (_range.OffsetOf(System.Net.IPAddress.Parse(ip)) is { } offset)
        {
            lock (_gate)
            {
                _byContainer[containerId] = offset;
                _used.Add(offset);
            }
        }
    }

    public Task TearDownAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        lock (_gate)
        {
            if (_byContainer.Remove(attachment.ContainerId, out var offset))
            {
                _used.Remove(offset);
            }
        }

        return Task.CompletedTask;
    }

    public Task CheckAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        lock (_gate)
        {
            return _byContainer.ContainsKey(attachment.ContainerId)
                ? Task.CompletedTask
                : throw new InvalidOperationException($"container {attachment.ContainerId} has no pod address");
        }
    }
}
