using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Http;

/// <summary>
/// resourceVersions as clients send them: parsed as Kubernetes' APIObjectVersioner parses them ("" and
/// "0" mean none, anything else an unsigned 64-bit decimal, 400 otherwise), and a read from a revision
/// the caches have not reached yet waits for them as Kubernetes' watch cache does, then gives up with
/// "Too large resource version".
/// </summary>
public static class ResourceVersions
{
    /// <summary>How long a read from a future revision waits for the caches (Kubernetes' watch cache blockTimeout).</summary>
    public static readonly TimeSpan BlockTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The retry a "Too large resource version" suggests (Kubernetes' resourceVersionTooHighRetrySeconds).</summary>
    public const int TooLargeRetryAfterSeconds = 1;

    /// <summary>The revision a resourceVersion names; null for "" and "0". Throws 400 when it is not a resourceVersion at all.</summary>
    public static long? Parse(string? resourceVersion)
    {
        if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
        {
            return null;
        }

        // Go's strconv.ParseUint(s, 10, 64): ASCII digits only, no sign, no spaces.
        if (!resourceVersion.All(char.IsAsciiDigit))
        {
            throw Invalid(resourceVersion, "invalid syntax");
        }

        if (!ulong.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw Invalid(resourceVersion, "value out of range");
        }

        // Valid to Kubernetes, but beyond any revision the journal can reach: it waits like any future one.
        return version == 0 ? null : (long)BigInteger.Min(version, long.MaxValue);
    }

    /// <summary>
    /// Checks the metadata.resourceVersion of an update or patch body, the precondition it carries: 400
    /// when unparseable. "0", like "", means no precondition (Kubernetes' unconditional update): it is removed.
    /// </summary>
    public static void CheckPrecondition(JsonObject? body)
    {
        if (body?["metadata"] is not JsonObject metadata || KubeObject.GetString(body, "metadata", "resourceVersion") is not { } resourceVersion)
        {
            return;
        }

        if (Parse(resourceVersion) is null)
        {
            metadata.Remove("resourceVersion");
        }
    }

    /// <summary>
    /// Waits until the caches hold <paramref name="revision"/>, at most <see cref="BlockTimeout"/>; then
    /// 504 "Too large resource version", as Kubernetes' watch cache answers.
    /// </summary>
    public static async Task WaitForAsync(ApiGateway gateway, long revision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var feeder = gateway.Feeder;
        if (feeder.ProcessedRevision >= revision)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(BlockTimeout);
        try
        {
            await feeder.WaitForAsync(revision, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw TooLarge(revision, feeder.ProcessedRevision);
        }
    }

    /// <summary>Kubernetes' NewTooLargeResourceVersionError: 504 Timeout, a ResourceVersionTooLarge cause and a retry after a second.</summary>
    public static StatusException TooLarge(long requested, long current)
    {
        var details = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = TooLargeRetryAfterSeconds,
        };
        return new StatusException(504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}", details);
    }

    // Kubernetes' words for an unparseable resourceVersion, the strconv error included.
    private static StatusException Invalid(string resourceVersion, string why)
    {
        var quoted = "\"" + resourceVersion.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return StatusException.BadRequest($"invalid resource version: resourceVersion: Invalid value: {quoted}: strconv.ParseUint: parsing {quoted}: {why}");
    }
}
