using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>An IPv4 network in CIDR notation (<c>100.64.3.0/24</c>), as a node's spec.podCIDR or an address range setting.</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    /// <summary>How many addresses the network spans, network and broadcast addresses included.</summary>
    public ulong Size => 1UL << (32 - PrefixLength);

    /// <summary>Parses <c>a.b.c.d/n</c>; host bits are cleared, as Go's net.ParseCIDR does for the network.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix is < 0 or > 32)
        {
            return false;
        }

        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        cidr = new Ipv4Cidr(ToUInt32(address) & mask, prefix);
        return true;
    }

    /// <exception cref="FormatException">The text is not an IPv4 CIDR.</exception>
    public static Ipv4Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"\"{text}\" is not an IPv4 CIDR such as 100.64.0.0/24");

    /// <summary>The address <paramref name="offset"/> places after the network address.</summary>
    public IPAddress AddressAt(ulong offset) => offset < Size
        ? FromUInt32((uint)(Network + offset))
        : throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{this} has {Size} addresses");

    /// <summary>The <paramref name="index"/>-th subnet of this network with the given (longer) prefix.</summary>
    public Ipv4Cidr Subnet(int prefixLength, long index)
    {
        if (prefixLength < PrefixLength || prefixLength > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"a subnet of {this} has a prefix between /{PrefixLength} and /32");
        }

        var count = 1L << (prefixLength - PrefixLength);
        return index >= 0 && index < count
            ? new Ipv4Cidr((uint)(Network + ((ulong)index << (32 - prefixLength))), prefixLength)
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"{this} holds {count} subnets of /{prefixLength}");
    }

    /// <summary>The offset of <paramref name="address"/> from the network address, or null when it is outside.</summary>
    public ulong? OffsetOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }

        var offset = (ulong)ToUInt32(address) - Network;
        return ToUInt32(address) >= Network && offset < Size ? offset : null;
    }

    public override string ToString() => $"{FromUInt32(Network)}/{PrefixLength}";

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static IPAddress FromUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
