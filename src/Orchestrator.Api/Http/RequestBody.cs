using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Http;

/// <summary>
/// Reads a request body within the size limit (413 beyond it) and parses it as JSON (400 when it is
/// not: malformed, invalid UTF-8, nested deeper than 100 levels). A key repeated in an object is no
/// error: its last value counts, as in Kubernetes, and field validation decides what to say about it.
/// </summary>
public static class RequestBody
{
    private const int MaxDepth = 100;
    private const string ParsedKey = "Orchestrator.RequestBody.Parsed";

    public static async Task<byte[]> ReadAsync(HttpContext context, long limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        if (context.Request.ContentLength is { } length)
        {
            // The usual case: read into an array of exactly the declared length (the server holds the body to
            // it). A growing buffer asked for 8 KiB at a time and copied twice, ~8 KB per small request.
            var body = new byte[length];
            var filled = 0;
            while (filled < body.Length)
            {
                var count = await context.Request.Body.ReadAsync(body.AsMemory(filled), context.RequestAborted).ConfigureAwait(false);
                if (count == 0)
                {
                    return body[..filled];
                }

                filled += count;
            }

            return body;
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await context.Request.Body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw TooLarge(limit);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads and parses the body; the media type must be JSON (or a patch type the caller allowed). Keys the
    /// body repeats are kept for field validation (<see cref="Parsed"/>).
    /// </summary>
    public static async Task<JsonNode> ReadJsonAsync(HttpContext context, long limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bytes = await ReadAsync(context, limit).ConfigureAwait(false);
        var parsed = ParseDocument(bytes);
        if (parsed.Duplicates.Count > 0)
        {
            context.Items[ParsedKey] = parsed;
        }

        return parsed.Node ?? throw StatusException.BadRequest("the request body is null");
    }

    /// <summary>The body <see cref="ReadJsonAsync"/> read, when it repeats keys; null otherwise.</summary>
    public static ParsedJson? Parsed(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ParsedKey, out var parsed) ? parsed as ParsedJson : null;
    }

    public static JsonNode Parse(byte[] bytes) =>
        ParseDocument(bytes).Node ?? throw StatusException.BadRequest("the request body is null");

    /// <summary>Parses the body as Kubernetes' decoder does: of a repeated key the last value counts, and the repetition is reported.</summary>
    public static ParsedJson ParseDocument(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw StatusException.BadRequest("the request body is empty");
        }

        // The JSON reader checks UTF-8 only when a string is first read: reject bad bytes up front.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw StatusException.BadRequest("the request body is not valid UTF-8");
        }

        try
        {
            return ParsedJson.Parse(bytes, MaxDepth);
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw StatusException.BadRequest($"the request body is not valid UTF-8 JSON: {e.Message}");
        }
    }

    /// <summary>Whether the request's Content-Type names JSON (parameters such as charset allowed).</summary>
    public static bool IsJson(HttpContext context) => MediaType(context) is "application/json" or "" ;

    public static string MediaType(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contentType = context.Request.ContentType ?? "";
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    private static StatusException TooLarge(long limit) => StatusException.TooLarge($"the request body is larger than the limit of {limit} bytes");
}
