using System.Collections;
using System.Net;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// The pod addresses of one node's range, handed out as CNI's host-local IPAM does: sequentially, going on
/// after the last one given (so a freed address is not reused at once), wrapping around, and never an
/// address a live pod holds. The network address, the first host (the bridge's gateway) and the broadcast
/// address are never given. At most the first 65,536 addresses of a larger range are used.
/// </summary>
public sealed class PodAddresses
{
    private const ulong MaxAddresses = 1 << 16;

    private readonly BitArray _used;
    private readonly ulong _first;
    private readonly ulong _last;
    private ulong _next;
    private int _count;

    public PodAddresses(Ipv4Cidr range)
    {
        if (range.PrefixLength > 30)
        {
            throw new ArgumentException($"{range} is too small for pods: a range needs at least a /30", nameof(range));
        }

        Range = range;
        var size = Math.Min(range.Size, MaxAddresses);
        _used = new BitArray((int)size);
        _first = 2;
        _last = size == range.Size ? size - 2 : size - 1;
        _next = _first;
    }

    public Ipv4Cidr Range { get; }

    /// <summary>Addresses that can be given out at most.</summary>
    public int Capacity => (int)(_last - _first + 1);

    /// <summary>Addresses live pods hold.</summary>
    public int InUse => _count;

    /// <summary>The next free address after the last one given, or null when every address is held.</summary>
    public IPAddress? Allocate()
    {
        for (var tried = 0; tried < Capacity; tried++)
        {
            var candidate = _next;
            _next = _next == _last ? _first : _next + 1;
            if (!_used[(int)candidate])
            {
                _used[(int)candidate] = true;
                _count++;
                return Range.AddressAt(candidate);
            }
        }

        return null;
    }

    /// <summary>Marks an address a pod already holds (seen again after a restart) as taken; false when it is not one of ours.</summary>
    public bool Reserve(IPAddress address)
    {
        if (Index(address) is not { } index)
        {
            return false;
        }

        if (!_used[index])
        {
            _used[index] = true;
            _count++;
        }

        return true;
    }

    /// <summary>Frees an address whose pod is gone.</summary>
    public void Release(IPAddress address)
    {
        if (Index(address) is { } index && _used[index])
        {
            _used[index] = false;
            _count--;
        }
    }

    public bool Contains(IPAddress address) => Index(address) is not null;

    private int? Index(IPAddress address) =>
        Range.OffsetOf(address) is { } offset && offset >= _first && offset <= _last ? (int)offset : null;
}
