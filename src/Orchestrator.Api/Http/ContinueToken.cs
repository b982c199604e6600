using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;

namespace Orchestrator.Api.Http;

/// <summary>The opaque continue token of a paged list: the revision of the first page and the last key served.</summary>
public static class ContinueToken
{
    public static string Encode(long revision, string lastKey)
    {
        var json = new JsonObject { ["rv"] = revision, ["start"] = lastKey }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    public static (long Revision, string LastKey) Decode(string token)
    {
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)))!.AsObject();
            return (json["rv"]!.GetValue<long>(), json["start"]!.GetValue<string>());
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or NullReferenceException or System.Text.Json.JsonException or ArgumentException)
        {
            throw StatusException.BadRequest("continue key is not valid: the token could not be decoded");
        }
    }
}
