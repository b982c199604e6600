using System.Text;

namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>
/// Builds protobuf bytes by hand for tests, independently of the codec under test: each method
/// returns one encoded field (tag, then value) and <see cref="Body"/> wraps a raw object in
/// Kubernetes' envelope.
/// </summary>
internal static class Wire
{
    public static byte[] Varint(int number, ulong value) => [.. Tag(number, 0), .. VarintBytes(value)];

    public static byte[] Int(int number, long value) => Varint(number, unchecked((ulong)value));

    public static byte[] Fixed64(int number, ulong value) => [.. Tag(number, 1), .. BitConverter.GetBytes(value)];

    public static byte[] Fixed32(int number, uint value) => [.. Tag(number, 5), .. BitConverter.GetBytes(value)];

    public static byte[] Bytes(int number, params byte[][] content)
    {
        byte[] joined = [.. content.SelectMany(c => c)];
        return [.. Tag(number, 2), .. VarintBytes((ulong)joined.Length), .. joined];
    }

    /// <summary>A length-delimited field holding a message made of the given fields.</summary>
    public static byte[] Message(int number, params byte[][] fields) => Bytes(number, fields);

    public static byte[] String(int number, string value) => Bytes(number, Encoding.UTF8.GetBytes(value));

    /// <summary>One entry of a map field: key=1, value=2.</summary>
    public static byte[] Entry(int number, string key, byte[] value) => Message(number, String(1, key), value);

    /// <summary>magic, then runtime.Unknown {typeMeta=1 {apiVersion=1, kind=2}, raw=2, contentEncoding=3, contentType=4}.</summary>
    public static byte[] Body(string apiVersion, string kind, params byte[][] fields) =>
        [.. "k8s\0"u8, .. Message(1, String(1, apiVersion), String(2, kind)), .. Message(2, fields), .. String(3, ""), .. String(4, "")];

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static byte[] Tag(int number, int wireType) => VarintBytes(((ulong)number << 3) | (uint)wireType);

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
