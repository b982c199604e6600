namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// Turns the UTF-8 text of a column into a string, handing back the same string for the same bytes:
/// manifests and persistence ids repeat from row to row, so most reads allocate nothing for them.
/// A small direct-mapped table: a collision only costs a decode.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Size = 256;

    private readonly byte[]?[] _bytes = new byte[Size][];
    private readonly string?[] _strings = new string[Size];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        var slot = (int)((uint)HashCode(utf8) % Size);
        if (_bytes[slot] is { } cached && utf8.SequenceEqual(cached))
        {
            return _strings[slot]!;
        }

        var value = System.Text.Encoding.UTF8.GetString(utf8);
        if (utf8.Length <= 256)
        {
            _bytes[slot] = utf8.ToArray();
            _strings[slot] = value;
        }

        return value;
    }

    private static int HashCode(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }
}
