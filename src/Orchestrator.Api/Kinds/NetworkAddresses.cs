using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// IP addresses and CIDRs as Kubernetes accepts them (Go's net parsing): dotted-quad IPv4 with exactly
/// four parts, IPv6 without a zone. .NET's IPAddress.TryParse alone would also accept "1" or "10.1".
/// </summary>
internal static class NetworkAddresses
{
    public const string InvalidIpMessage = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    public const string InvalidCidrMessage = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    public static bool IsIp(string value) => TryParseIp(value, out _);

    public static bool IsCidr(string value) => TryParseCidr(value, out _);

    /// <summary>True for IPv4 (and IPv4-mapped IPv6), false for IPv6; null when not an address.</summary>
    public static bool? IsIpv4(string value) =>
        TryParseIp(value, out var address) ? address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6 : null;

    /// <summary>The family of a CIDR's address, as <see cref="IsIpv4"/>; null when not a CIDR.</summary>
    public static bool? IsIpv4Cidr(string value) =>
        TryParseCidr(value, out var address) ? address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6 : null;

    private static bool TryParseIp(string value, out IPAddress address)
    {
        address = IPAddress.None;
        if (value.Length == 0 || value.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(value, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return IPAddress.TryParse(value, out address!);
    }

    private static bool TryParseCidr(string value, out IPAddress address)
    {
        address = IPAddress.None;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseIp(value[..slash], out address))
        {
            return false;
        }

        var prefix = value[(slash + 1)..];
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return prefix.Length is > 0 and <= 3
            && prefix.All(char.IsAsciiDigit)
            && int.Parse(prefix, CultureInfo.InvariantCulture) <= maxPrefix;
    }
}
