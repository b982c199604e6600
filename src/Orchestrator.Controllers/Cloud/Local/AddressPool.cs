using System.Buffers.Binary;
using System.Net;

namespace Orchestrator.Controllers.Cloud.Local;

/// <summary>
/// The IPv4 addresses of a range handed out one at a time, lowest free first. The range's first and last
/// addresses (network and broadcast) are left out of ranges larger than a /31, as MetalLB's avoid-buggy-IPs
/// does. Not thread-safe: its owner locks.
/// </summary>
public sealed class AddressPool
{
    private readonly uint _first;
    private readonly uint _last;
    private readonly HashSet<uint> _used = [];

    public AddressPool(IPNetwork range)
    {
        if (range.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{range} is not an IPv4 range", nameof(range));
        }

        Range = range;
        var baseAddress = ToUInt(range.BaseAddress);
        var size = 1UL << (32 - range.PrefixLength);
        var edges = range.PrefixLength <= 30 ? 1U : 0U;
        _first = baseAddress + edges;
        _last = (uint)(baseAddress + size - 1) - edges;
    }

    public IPNetwork Range { get; }

    /// <summary>How many addresses it hands out.</summary>
    public int Capacity => (int)(_last - _first + 1);

    public int InUse => _used.Count;

    public bool Contains(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && ToUInt(address) is var value && value >= _first && value <= _last;

    /// <summary>Takes the lowest free address, or returns null when every one is in use.</summary>
    public IPAddress? Allocate()
    {
        for (var value = _first; value <= _last && value >= _first; value++)
        {
            if (_used.Add(value))
            {
                return FromUInt(value);
            }
        }

        return null;
    }

    /// <summary>Takes this address; false when it is outside the pool or already in use.</summary>
    public bool Occupy(IPAddress address) => Contains(address) && _used.Add(ToUInt(address));

    public bool IsFree(IPAddress address) => Contains(address) && !_used.Contains(ToUInt(address));

    public void Release(IPAddress address)
    {
        if (Contains(address))
        {
            _used.Remove(ToUInt(address));
        }
    }

    private static uint ToUInt(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static IPAddress FromUInt(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
