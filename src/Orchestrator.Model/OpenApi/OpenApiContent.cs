using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.OpenApi;

/// <summary>The served bytes of a document and the hash that names them, as Kubernetes computes it.</summary>
public static class OpenApiContent
{
    // Descriptions hold quotes, '<', '>' and '&': keep them readable, the documents are never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact UTF-8 JSON.</summary>
    public static byte[] ToUtf8(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            document.WriteTo(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Upper-case hex SHA-512 of the content: the <c>?hash=</c> of a v3 URL and the ETag Kubernetes sends.</summary>
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexString(SHA512.HashData(content));
}
