namespace Orchestrator.Model.Protobuf;

/// <summary>
/// Reads protobuf wire format from a span. Every malformed input (a truncated value, an over-long
/// varint, a length past the end, a bad tag) throws <see cref="FormatException"/> naming the byte offset.
/// </summary>
internal ref struct ProtoReader
{
    private const int MaxVarintBytes = 10;
    private const int MaxGroupDepth = 64;

    private readonly ReadOnlySpan<byte> _data;

    // Where _data starts in the whole body, so errors point at the right byte.
    private readonly int _origin;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, int origin = 0)
    {
        _data = data;
        _origin = origin;
    }

    public readonly bool End => _position >= _data.Length;

    /// <summary>The offset in the whole body of the next byte to read.</summary>
    public readonly int Offset => _origin + _position;

    public (int Number, WireType WireType) ReadTag()
    {
        var at = Offset;
        var tag = ReadVarint();
        var number = tag >> 3;
        var wireType = (WireType)(tag & 7);
        if (number is 0 or > int.MaxValue)
        {
            throw new FormatException($"invalid protobuf field number {number} at byte {at}");
        }

        if (wireType > WireType.Fixed32)
        {
            throw new FormatException($"invalid protobuf wire type {(int)wireType} for field {number} at byte {at}");
        }

        return ((int)number, wireType);
    }

    public ulong ReadVarint()
    {
        var at = Offset;
        ulong value = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (_position >= _data.Length)
            {
                throw new FormatException($"truncated protobuf varint at byte {at}");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException($"protobuf varint longer than {MaxVarintBytes} bytes at byte {at}");
    }

    public ulong ReadFixed64() => BitConverter.ToUInt64(Take(8, "fixed64"));

    public uint ReadFixed32() => BitConverter.ToUInt32(Take(4, "fixed32"));

    /// <summary>The bytes of a length-delimited value; <paramref name="start"/> is their offset in the whole body.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(out int start)
    {
        var at = Offset;
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new FormatException($"protobuf length {length} at byte {at} runs past the end of the data");
        }

        start = Offset;
        return Take((int)length, "bytes");
    }

    public ReadOnlySpan<byte> ReadLengthDelimited() => ReadLengthDelimited(out _);

    /// <summary>Skips a field that is not in the schema, as Kubernetes' generated code does.</summary>
    public void Skip(int number, WireType wireType) => Skip(number, wireType, depth: 0);

    private void Skip(int number, WireType wireType, int depth)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            case WireType.StartGroup:
                SkipGroup(number, depth);
                break;
            default:
                throw new FormatException($"unexpected protobuf end group for field {number} at byte {Offset}");
        }
    }

    private void SkipGroup(int number, int depth)
    {
        if (depth >= MaxGroupDepth)
        {
            throw new FormatException($"protobuf groups nested deeper than {MaxGroupDepth} at byte {Offset}");
        }

        while (true)
        {
            if (End)
            {
                throw new FormatException($"protobuf group {number} is not closed");
            }

            var (inner, wireType) = ReadTag();
            if (wireType == WireType.EndGroup)
            {
                if (inner != number)
                {
                    throw new FormatException($"protobuf group {number} closed as {inner} at byte {Offset}");
                }

                return;
            }

            Skip(inner, wireType, depth + 1);
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _data.Length - _position)
        {
            throw new FormatException($"truncated protobuf {what} at byte {Offset}");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
