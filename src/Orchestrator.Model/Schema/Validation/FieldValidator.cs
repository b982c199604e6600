using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Model.Schema.Validation;

/// <summary>
/// Finds (and drops) the JSON fields a message does not have, as Kubernetes' strict decoder does for
/// <c>fieldValidation=Strict</c> (fail) and <c>Warn</c>/<c>Ignore</c> (drop). Paths read as Kubernetes
/// prints them, without a leading dot: <c>spec.containers[0].imagee</c>, map entries by key
/// (<c>spec.selector.matchLabels.app</c> is never reported: maps are open). RawExtension and FieldsV1
/// hold arbitrary JSON and are not looked into; a value of the wrong JSON type is left to the decoder.
/// </summary>
public static class FieldValidator
{
    /// <summary>The unknown fields of <paramref name="obj"/> at every depth, in document order.</summary>
    public static IReadOnlyList<string> UnknownFields(JsonObject obj, MessageSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var found = new List<string>();
        Walk(obj, schema, new StringBuilder(), found, prune: false);
        return found;
    }

    /// <summary>Removes the unknown fields in place, as Kubernetes' decoder drops them; returns their paths (for warnings).</summary>
    public static IReadOnlyList<string> Prune(JsonObject obj, MessageSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var found = new List<string>();
        Walk(obj, schema, new StringBuilder(), found, prune: true);
        return found;
    }

    /// <summary>Kubernetes' message for a Strict request with unknown fields: <c>strict decoding error: unknown field "a", unknown field "b"</c>.</summary>
    public static string StrictDecodingError(IEnumerable<string> unknownFields)
    {
        ArgumentNullException.ThrowIfNull(unknownFields);
        return StrictDecodingMessage(unknownFields.Select(UnknownFieldMessage));
    }

    /// <summary>Kubernetes' message for a Strict request with these findings (each an unknown or duplicate field message).</summary>
    public static string StrictDecodingMessage(IEnumerable<string> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return "strict decoding error: " + string.Join(", ", findings);
    }

    /// <summary>
    /// What Kubernetes' strict decoder reports for an object (a create's or an update's body): the unknown
    /// fields and the repeated keys, in document order. A repeated key that is unknown itself, or lies
    /// within an unknown field, is reported as unknown only: the decoder skips what it does not know.
    /// </summary>
    public static IReadOnlyList<string> ObjectDecodingFindings(IReadOnlyList<string> unknownFields, ParsedJson? parsed)
    {
        ArgumentNullException.ThrowIfNull(unknownFields);
        if (parsed is not { Duplicates.Count: > 0 })
        {
            return [.. unknownFields.Select(UnknownFieldMessage)];
        }

        var findings = new List<(int Position, string Message)>();
        foreach (var field in unknownFields)
        {
            findings.Add((parsed.FirstPositionOf(field) ?? int.MaxValue, UnknownFieldMessage(field)));
        }

        foreach (var duplicate in parsed.Duplicates)
        {
            if (!unknownFields.Any(field => Within(duplicate.Path, field)))
            {
                findings.Add((duplicate.Position, duplicate.FieldMessage));
            }
        }

        return [.. findings.OrderBy(f => f.Position).Select(f => f.Message)];
    }

    /// <summary>
    /// What Kubernetes reports for a merge or strategic merge patch: the patch's repeated keys first (it
    /// decodes the patch itself for those), then the unknown fields (found in the patched object).
    /// </summary>
    public static IReadOnlyList<string> PatchDecodingFindings(IReadOnlyList<string> unknownFields, ParsedJson? parsed)
    {
        ArgumentNullException.ThrowIfNull(unknownFields);
        return [.. (parsed?.Duplicates ?? []).Select(d => d.FieldMessage).Concat(unknownFields.Select(UnknownFieldMessage))];
    }

    /// <summary>One field as Kubernetes words it, also the text of a Warn-mode warning: <c>unknown field "spec.foo"</c>.</summary>
    public static string UnknownFieldMessage(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return $"unknown field \"{path}\"";
    }

    // Whether the field at path is field itself or lies within it.
    private static bool Within(string path, string field) =>
        path.StartsWith(field, StringComparison.Ordinal) && (path.Length == field.Length || path[field.Length] is '.' or '[');

    private static void Walk(JsonObject obj, MessageSchema schema, StringBuilder path, List<string> found, bool prune)
    {
        List<string>? unknown = null;
        foreach (var (name, value) in obj)
        {
            var length = path.Length;
            Append(path, name);
            if (VisibleFields.IsTypeMeta(schema, name))
            {
                // apiVersion and kind: strings, nothing below.
            }
            else if (VisibleFields.Find(schema, name) is not { } known)
            {
                found.Add(path.ToString());
                (unknown ??= []).Add(name);
            }
            else if (known.Field.Type.Kind == FieldKind.Message)
            {
                Descend(value, known.Field, path, found, prune);
            }

            path.Length = length;
        }

        if (prune && unknown is not null)
        {
            foreach (var name in unknown)
            {
                obj.Remove(name);
            }
        }
    }

    private static void Descend(JsonNode? value, FieldSchema field, StringBuilder path, List<string> found, bool prune)
    {
        switch (field.Type.Shape, value)
        {
            case (FieldShape.Single, JsonObject child):
                Walk(child, field.Message, path, found, prune);
                break;
            case (FieldShape.List, JsonArray items):
                var length = path.Length;
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is JsonObject item)
                    {
                        path.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
                        Walk(item, field.Message, path, found, prune);
                        path.Length = length;
                    }
                }

                break;
            case (FieldShape.Map, JsonObject entries):
                foreach (var (key, entry) in entries)
                {
                    if (entry is JsonObject item)
                    {
                        var before = path.Length;
                        Append(path, key);
                        Walk(item, field.Message, path, found, prune);
                        path.Length = before;
                    }
                }

                break;
        }
    }

    private static void Append(StringBuilder path, string name)
    {
        if (path.Length > 0)
        {
            path.Append('.');
        }

        path.Append(name);
    }
}
