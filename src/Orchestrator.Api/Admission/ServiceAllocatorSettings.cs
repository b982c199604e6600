using System.Globalization;
using System.Net;
using System.Numerics;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Admission;

/// <summary>The service cluster IP range (a CIDR) and the node port range (hocon: orchestrator.api).</summary>
public sealed record ServiceAllocatorSettings(string ClusterIpRange, int NodePortMin, int NodePortMax, ResourceType ServiceType)
{
    private readonly (BigInteger Network, int Bits, int Prefix) _range = Parse(ClusterIpRange);

    /// <summary>The number of addresses in the range, network and broadcast included.</summary>
    public long IpCount => (long)BigInteger.Min(BigInteger.One << (_range.Bits - _range.Prefix), long.MaxValue);

    public IPAddress IpAt(long offset)
    {
        var value = _range.Network + offset;
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var full = new byte[_range.Bits / 8];
        bytes.CopyTo(full, full.Length - bytes.Length);
        return new IPAddress(full);
    }

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        if (bytes.Length * 8 != _range.Bits)
        {
            return false;
        }

        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var offset = value - _range.Network;
        return offset > 0 && offset < IpCount - 1;
    }

    /// <summary>"30000-32767" as a node port range.</summary>
    public static (int Min, int Max) ParsePortRange(string range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var parts = range.Split('-');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static (BigInteger Network, int Bits, int Prefix) Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(cidr[..slash]);
        var prefix = int.Parse(cidr[(slash + 1)..], CultureInfo.InvariantCulture);
        var bytes = address.GetAddressBytes();
        var bits = bytes.Length * 8;
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var mask = ((BigInteger.One << bits) - 1) ^ ((BigInteger.One << (bits - prefix)) - 1);
        return (value & mask, bits, prefix);
    }
}
