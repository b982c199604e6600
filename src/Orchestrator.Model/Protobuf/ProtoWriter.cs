using System.Buffers;
using System.Text;

namespace Orchestrator.Model.Protobuf;

/// <summary>Writes protobuf wire format. A nested message is written to its own writer first, then copied in with its length.</summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteVarintField(int number, ulong value)
    {
        WriteTag(number, WireType.Varint);
        WriteVarint(value);
    }

    /// <summary>A signed integer as protobuf's int32/int64 do: negative values take ten bytes.</summary>
    public void WriteIntField(int number, long value) => WriteVarintField(number, unchecked((ulong)value));

    public void WriteBoolField(int number, bool value) => WriteVarintField(number, value ? 1UL : 0UL);

    public void WriteDoubleField(int number, double value)
    {
        WriteTag(number, WireType.Fixed64);
        BitConverter.TryWriteBytes(_buffer.GetSpan(8), BitConverter.DoubleToUInt64Bits(value));
        _buffer.Advance(8);
    }

    public void WriteBytesField(int number, ReadOnlySpan<byte> value)
    {
        WriteTag(number, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void WriteStringField(int number, string value) => WriteBytesField(number, Encoding.UTF8.GetBytes(value));

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void WriteTag(int number, WireType wireType) => WriteVarint(((ulong)number << 3) | (ulong)wireType);

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }
}
