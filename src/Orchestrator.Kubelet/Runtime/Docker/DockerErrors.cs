using System.Net;
using System.Text.Json;
using Docker.DotNet;

namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>The engine's error answers: its message, and which ones mean "already so" to an idempotent call.</summary>
internal static class DockerErrors
{
    /// <summary>The engine's own words ({"message": "…"}), or the raw body.</summary>
    public static string Message(DockerApiException e)
    {
        try
        {
            using var document = JsonDocument.Parse(e.ResponseBody);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? e.ResponseBody;
            }
        }
        catch (JsonException)
        {
        }

        return string.IsNullOrWhiteSpace(e.ResponseBody) ? e.Message : e.ResponseBody.Trim();
    }

    public static bool IsNotFound(DockerApiException e) => e.StatusCode == HttpStatusCode.NotFound;

    /// <summary>409 on kill/remove: the container is not running, or its removal is already under way.</summary>
    public static bool IsConflict(DockerApiException e) => e.StatusCode == HttpStatusCode.Conflict;
}
