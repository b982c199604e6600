using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// The metav1.Status documents the kubelet answers with: on the error channel at the end of an exec (Success, or
/// Failure with reason NonZeroExitCode and the exit code as an ExitCode cause, which kubectl turns into its own exit
/// code) and as the body of a refused request.
/// </summary>
public static class StreamStatus
{
    public static JsonObject Success() => new() { ["metadata"] = new JsonObject(), ["status"] = "Success" };

    public static JsonObject ExitCode(int exitCode, IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var code = exitCode.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {code}",
            ["reason"] = "NonZeroExitCode",
            ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code }) },
        };
    }

    /// <summary>A failure that is not the command's own (it could not start, the container is gone).</summary>
    public static JsonObject InternalError(string message) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = "InternalError",
        ["code"] = 500,
    };

    /// <summary>A refused request's body: a full Status with kind and apiVersion, as the API server relays it.</summary>
    public static JsonObject Error(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };
}
