using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Controllers.NodeIpam;

/// <summary>
/// The node ranges of a cluster CIDR (Kubernetes' cidrset): the cluster network cut into subnets of the node
/// mask size, handed out round-robin from after the last one given, each at most once. Not thread-safe: the
/// controller serialises its use.
/// </summary>
public sealed class CidrSet
{
    private readonly bool[] _used;
    private readonly uint _network;
    private int _next;

    public CidrSet(IPNetwork clusterCidr, int nodeMaskSize)
    {
        if (clusterCidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"the cluster CIDR {clusterCidr} is not IPv4", nameof(clusterCidr));
        }

        // Kubernetes refuses a mask size more than 16 bits longer than the cluster's (65,536 node ranges at most).
        if (nodeMaskSize < clusterCidr.PrefixLength || nodeMaskSize > 32 || nodeMaskSize - clusterCidr.PrefixLength > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(nodeMaskSize), nodeMaskSize,
                $"a node mask size for {clusterCidr} lies between /{clusterCidr.PrefixLength} and /{Math.Min(32, clusterCidr.PrefixLength + 16)}");
        }

        ClusterCidr = clusterCidr;
        NodeMaskSize = nodeMaskSize;
        _network = ToUInt32(clusterCidr.BaseAddress);
        _used = new bool[1 << (nodeMaskSize - clusterCidr.PrefixLength)];
    }

    public IPNetwork ClusterCidr { get; }

    public int NodeMaskSize { get; }

    /// <summary>How many node ranges the cluster CIDR holds.</summary>
    public int Capacity => _used.Length;

    /// <summary>Node ranges given out.</summary>
    public int InUse { get; private set; }

    /// <summary>The next free range, or null when every one is taken.</summary>
    public IPNetwork? Allocate()
    {
        for (var tried = 0; tried < _used.Length; tried++)
        {
            var candidate = (_next + tried) % _used.Length;
            if (!_used[candidate])
            {
                _used[candidate] = true;
                InUse++;
                _next = (candidate + 1) % _used.Length;
                return At(candidate);
            }
        }

        return null;
    }

    /// <summary>Marks a range a node already holds as taken; false when it is not one of this set's ranges.</summary>
    public bool Occupy(IPNetwork range)
    {
        if (IndexOf(range) is not { } index)
        {
            return false;
        }

        if (!_used[index])
        {
            _used[index] = true;
            InUse++;
        }

        return true;
    }

    /// <summary>Frees a range whose node is gone.</summary>
    public void Release(IPNetwork range)
    {
        if (IndexOf(range) is { } index && _used[index])
        {
            _used[index] = false;
            InUse--;
        }
    }

    private IPNetwork At(int index)
    {
        var address = _network + ((uint)index << (32 - NodeMaskSize));
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPNetwork(new IPAddress(bytes), NodeMaskSize);
    }

    private int? IndexOf(IPNetwork range)
    {
        if (range.PrefixLength != NodeMaskSize || range.BaseAddress.AddressFamily != AddressFamily.InterNetwork || !ClusterCidr.Contains(range.BaseAddress))
        {
            return null;
        }

        return (int)((ToUInt32(range.BaseAddress) - _network) >> (32 - NodeMaskSize));
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
