using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Entities;

/// <summary>Serializes JSON trees to UTF-8 with a reused buffer per thread.</summary>
public static class JsonBytes
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public static byte[] From(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1024 * 1024)
        {
            _buffer = null; // don't keep a huge buffer alive after one huge object
        }

        return bytes;
    }
}
