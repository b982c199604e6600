using System.Text.Json.Nodes;
using Orchestrator.Model.OpenApi;

namespace Orchestrator.Api.OpenApi;

/// <summary>One group version's OpenAPI v3 document as served: its JSON bytes and their hash (the <c>?hash=</c> of its URL).</summary>
public sealed record OpenApiV3Document(byte[] Json, string Hash)
{
    public static OpenApiV3Document Of(JsonObject document)
    {
        var json = OpenApiContent.ToUtf8(document);
        return new OpenApiV3Document(json, OpenApiContent.Hash(json));
    }
}
