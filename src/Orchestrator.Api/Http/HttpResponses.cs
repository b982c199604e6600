using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;

namespace Orchestrator.Api.Http;

/// <summary>Writes JSON bodies and Kubernetes Status errors.</summary>
public static class HttpResponses
{
    public const string Json = "application/json";

    public static async Task WriteJsonAsync(HttpContext context, int statusCode, byte[] json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(json);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = Json;
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode json) =>
        WriteJsonAsync(context, statusCode, JsonBytes.From(json));

    public static Task WriteErrorAsync(HttpContext context, StatusException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        // As Kubernetes does: an error that suggests a retry says when in a Retry-After header too.
        if (error.Details?["retryAfterSeconds"] is JsonValue retry && retry.TryGetValue<int>(out var seconds) && seconds > 0)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (error.Code == 429)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    /// <summary>The object a write left (201 when it created it), or the refusal as a Status.</summary>
    public static Task WriteResultAsync(HttpContext context, ResourceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Error is { } error)
        {
            throw error;
        }

        return WriteJsonAsync(context, result.Outcome == ResourceOutcome.Created ? 201 : 200, result.Object!);
    }

    /// <summary>201 with a metav1.Status of success, as a binding or an eviction answers; the refusal as a Status.</summary>
    public static Task WriteSuccessAsync(HttpContext context, ResourceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Error is { } error)
        {
            throw error;
        }

        return WriteJsonAsync(context, 201, Success());
    }

    /// <summary>A metav1.Status of success, which some deletes answer.</summary>
    public static JsonObject Success(JsonObject? details = null)
    {
        var status = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" };
        if (details is not null)
        {
            status["details"] = details;
        }

        return status;
    }
}
