using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;

namespace Orchestrator.Api.Streaming;

/// <summary>
/// A kubelet's refusal as the API server relays it: the kubelet's own Status (its code, reason and message, e.g.
/// <c>container "x" in pod "y" is waiting to start: ContainerCreating</c>), or its text under its HTTP code.
/// </summary>
public static class KubeletErrors
{
    public static async Task<StatusException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var code = (int)response.StatusCode;
        var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } status && status["kind"]?.GetValue<string>() == "Status")
            {
                return new StatusException(
                    status["code"]?.GetValue<int>() ?? code,
                    status["reason"]?.GetValue<string>() ?? ReasonOf(code),
                    status["message"]?.GetValue<string>() ?? text);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text is the message.
        }
        catch (InvalidOperationException)
        {
            // A field of an unexpected type: the text is the message.
        }

        return new StatusException(code, ReasonOf(code), text.Length > 0 ? text : $"the kubelet answered {code} {response.ReasonPhrase}");
    }

    private static string ReasonOf(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        503 => "ServiceUnavailable",
        _ => "InternalError",
    };
}
