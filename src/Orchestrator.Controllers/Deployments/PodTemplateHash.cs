using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Controllers.Deployments;

/// <summary>
/// The pod-template-hash that names a Deployment's ReplicaSets (&lt;deployment&gt;-&lt;hash&gt;) and labels their pods, as
/// Kubernetes' controller.ComputeHash makes it: FNV-1a (32 bits) of the pod template, then of the collision count
/// (4 bytes, little-endian) when there is one, its decimal digits rendered in the alphabet of rand.SafeEncodeString
/// (no vowels, no look-alikes). Kubernetes hashes the Go struct; this hashes the template's canonical JSON.
/// </summary>
public static class PodTemplateHash
{
    public const string Label = "pod-template-hash";

    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(JsonObject template, long? collisionCount)
    {
        ArgumentNullException.ThrowIfNull(template);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(Normalize(template))))
        {
            hash = Step(hash, b);
        }

        if (collisionCount is { } count)
        {
            foreach (var b in BitConverter.IsLittleEndian ? BitConverter.GetBytes((uint)count) : [.. BitConverter.GetBytes((uint)count).Reverse()])
            {
                hash = Step(hash, b);
            }
        }

        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>rand.SafeEncodeString: each character replaced by the alphabet's letter at its code modulo the alphabet's length.</summary>
    public static string SafeEncode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Concat(text.Select(c => Alphabet[c % Alphabet.Length]));
    }

    /// <summary>Two pod templates are the same apart from the pod-template-hash label (Kubernetes' EqualIgnoreHash).</summary>
    public static bool EqualIgnoreHash(JsonObject? a, JsonObject? b) =>
        JsonNode.DeepEquals(Normalize(WithoutHash(a)), Normalize(WithoutHash(b)));

    /// <summary>A copy of the template without the pod-template-hash label.</summary>
    public static JsonObject WithoutHash(JsonObject? template)
    {
        var copy = template?.DeepClone().AsObject() ?? [];
        if (copy["metadata"] is JsonObject metadata && metadata["labels"] is JsonObject labels)
        {
            labels.Remove(Label);
        }

        return copy;
    }

    /// <summary>
    /// Nulls, empty objects and empty arrays dropped at every depth: the API and kubectl write an absent field,
    /// null ("creationTimestamp": null) and an empty one interchangeably, and Kubernetes compares them as equal.
    /// </summary>
    public static JsonObject Normalize(JsonObject template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return (JsonObject)(Prune(template) ?? new JsonObject());
    }

    private static JsonNode? Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (Prune(value) is { } kept)
                    {
                        result[key] = kept;
                    }
                }

                return result.Count == 0 ? null : result;
            case JsonArray array:
                return array.Count == 0 ? null : new JsonArray([.. array.Select(item => Prune(item) ?? new JsonObject())]);
            case null:
                return null;
            default:
                return node.DeepClone();
        }
    }

    // Keys sorted at every depth, so that the hash does not depend on the order fields were written in.
    private static string Canonical(JsonNode node)
    {
        var buffer = new StringBuilder();
        Write(node, buffer);
        return buffer.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder buffer)
    {
        switch (node)
        {
            case JsonObject obj:
                buffer.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    buffer.Append(first ? "" : ",").Append(JsonSerializer.Serialize(key)).Append(':');
                    Write(value, buffer);
                    first = false;
                }

                buffer.Append('}');
                break;
            case JsonArray array:
                buffer.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    buffer.Append(i == 0 ? "" : ",");
                    Write(array[i], buffer);
                }

                buffer.Append(']');
                break;
            default:
                buffer.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }

    private static uint Step(uint hash, byte b) => unchecked((hash ^ b) * 16777619u);
}
