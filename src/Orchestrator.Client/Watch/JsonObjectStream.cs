using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Client.Watch;

/// <summary>
/// Splits a stream of concatenated JSON objects — a watch response, one object per line — into objects as
/// soon as each one is complete, whatever the chunking: an object may span reads and a read may hold several.
/// Newlines are not required between objects, as Go's json.Decoder (client-go's watch decoder) does not need them.
/// </summary>
internal static class JsonObjectStream
{
    private const int InitialBufferSize = 16 * 1024;

    // A watch event is one object; the API caps a request at 3 MiB, so this only guards against a runaway stream.
    private const int MaxObjectSize = 64 * 1024 * 1024;

    public static async IAsyncEnumerable<JsonObject> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[InitialBufferSize];
        var scan = new ScanState();
        var count = 0;
        while (true)
        {
            while (TryFindObject(buffer, count, ref scan, out var start, out var end))
            {
                yield return JsonNode.Parse(buffer.AsSpan(start, end - start)) as JsonObject
                    ?? throw new JsonException("a JSON object in the stream was null");
            }

            // Drop what was consumed, keeping the start of an unfinished object.
            var keep = scan.ValueStart >= 0 ? scan.ValueStart : scan.Scanned;
            if (keep > 0)
            {
                Buffer.BlockCopy(buffer, keep, buffer, 0, count - keep);
                count -= keep;
                scan.Scanned -= keep;
                if (scan.ValueStart >= 0)
                {
                    scan.ValueStart -= keep;
                }
            }

            if (count == buffer.Length)
            {
                if (buffer.Length >= MaxObjectSize)
                {
                    throw new JsonException($"a JSON object in the stream exceeds {MaxObjectSize} bytes");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (scan.ValueStart >= 0 || buffer.AsSpan(scan.Scanned, count - scan.Scanned).TrimStart(" \t\r\n"u8).Length > 0)
                {
                    throw new EndOfStreamException("the stream ended inside a JSON object");
                }

                yield break;
            }

            count += read;
        }
    }

    /// <summary>
    /// Continues tokenizing from where the last call stopped (so a large object costs one pass, not one per read)
    /// and reports the next complete top-level object's byte range.
    /// </summary>
    private static bool TryFindObject(byte[] buffer, int count, ref ScanState scan, out int start, out int end)
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(scan.Scanned, count - scan.Scanned), isFinalBlock: false, scan.Reader);
        while (reader.Read())
        {
            if (reader.CurrentDepth != 0)
            {
                continue;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    scan.ValueStart = scan.Scanned + (int)reader.TokenStartIndex;
                    break;
                case JsonTokenType.EndObject:
                    start = scan.ValueStart;
                    end = scan.Scanned + (int)reader.BytesConsumed;
                    scan.Scanned = end;
                    scan.ValueStart = -1;
                    scan.Reader = reader.CurrentState;
                    return true;
                default:
                    throw new JsonException($"expected a JSON object in the stream, found {reader.TokenType}");
            }
        }

        scan.Scanned += (int)reader.BytesConsumed;
        scan.Reader = reader.CurrentState;
        start = end = 0;
        return false;
    }

    private struct ScanState
    {
        public ScanState()
        {
        }

        /// <summary>Bytes of the buffer already tokenized.</summary>
        public int Scanned;

        /// <summary>Where the unfinished top-level object starts, or -1 between objects.</summary>
        public int ValueStart = -1;

        public JsonReaderState Reader = new(new JsonReaderOptions { AllowMultipleValues = true });
    }
}
