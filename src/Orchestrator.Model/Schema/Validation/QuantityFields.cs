using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Resources;

namespace Orchestrator.Model.Schema.Validation;

/// <summary>
/// Puts every quantity of an object — each field its schema types <c>resource.Quantity</c>: resource
/// requests and limits, emptyDir sizeLimit, pod overhead, node capacity, divisors... — in the canonical
/// string form Kubernetes stores and serves (<c>0.5</c> becomes <c>"500m"</c>, <c>"1.5Gi"</c> becomes
/// <c>"1536Mi"</c>), as Kubernetes does by decoding a body into resource.Quantity and encoding it back.
/// A quantity sent as a JSON number would otherwise be served as one, which Go clients cannot read.
/// </summary>
public static class QuantityFields
{
    private static readonly ConcurrentDictionary<MessageSchema, bool> HoldsQuantities = new();

    /// <summary>
    /// Canonicalizes the quantities of <paramref name="obj"/> in place; null values are left as they are.
    /// Answers the first value that is no quantity (Kubernetes' decoder refuses the whole body for it), or null.
    /// </summary>
    public static QuantityFieldError? Canonicalize(JsonObject obj, MessageSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        return Walk(obj, schema, new StringBuilder());
    }

    private static QuantityFieldError? Walk(JsonObject obj, MessageSchema schema, StringBuilder path)
    {
        if (!HoldsQuantities.GetOrAdd(schema, Reaches))
        {
            return null;
        }

        // Collected first: replacing a value while enumerating the object is not allowed.
        List<(string Name, FieldSchema Field)>? fields = null;
        foreach (var (name, _) in obj)
        {
            if (VisibleFields.Find(schema, name) is { Field: var field } && field.Type.Kind is FieldKind.Quantity or FieldKind.Message)
            {
                (fields ??= []).Add((name, field));
            }
        }

        foreach (var (name, field) in fields ?? [])
        {
            var length = path.Length;
            if (length > 0)
            {
                path.Append('.');
            }

            path.Append(name);
            var error = field.Type.Kind == FieldKind.Quantity ? Quantities(obj, name, field.Type.Shape, path) : Messages(obj[name], field, path);
            path.Length = length;
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static QuantityFieldError? Messages(JsonNode? value, FieldSchema field, StringBuilder path)
    {
        switch (field.Type.Shape, value)
        {
            case (FieldShape.Single, JsonObject child):
                return Walk(child, field.Message, path);
            case (FieldShape.List, JsonArray items):
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is JsonObject item)
                    {
                        var length = path.Length;
                        path.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
                        var error = Walk(item, field.Message, path);
                        path.Length = length;
                        if (error is not null)
                        {
                            return error;
                        }
                    }
                }

                return null;
            case (FieldShape.Map, JsonObject entries):
                foreach (var (key, entry) in entries)
                {
                    if (entry is JsonObject item)
                    {
                        var length = path.Length;
                        path.Append('.').Append(key);
                        var error = Walk(item, field.Message, path);
                        path.Length = length;
                        if (error is not null)
                        {
                            return error;
                        }
                    }
                }

                return null;
            default:
                return null; // a value of the wrong JSON type is the validators' to report
        }
    }

    private static QuantityFieldError? Quantities(JsonObject parent, string name, FieldShape shape, StringBuilder path)
    {
        switch (shape, parent[name])
        {
            case (FieldShape.Single, var value):
                return Replace(parent, name, value, path.ToString());
            case (FieldShape.Map, JsonObject entries):
                foreach (var key in entries.Select(e => e.Key).ToList())
                {
                    if (Replace(entries, key, entries[key], path + "." + key) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            case (FieldShape.List, JsonArray items):
                for (var i = 0; i < items.Count; i++)
                {
                    if (!Canonical(items[i], out var canonical, out var reason))
                    {
                        return new QuantityFieldError($"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", reason);
                    }

                    if (canonical is not null)
                    {
                        items[i] = canonical;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static QuantityFieldError? Replace(JsonObject parent, string name, JsonNode? value, string path)
    {
        if (!Canonical(value, out var canonical, out var reason))
        {
            return new QuantityFieldError(path, reason);
        }

        if (canonical is not null)
        {
            parent[name] = canonical;
        }

        return null;
    }

    // The canonical text of a quantity (null when the value is null or already canonical); false with
    // the reason when it is no quantity. Like Kubernetes' Quantity.UnmarshalJSON: a string's content, or
    // any other JSON value's text (a number's digits as written), trimmed, through ParseQuantity.
    private static bool Canonical(JsonNode? value, out string? canonical, out string reason)
    {
        canonical = null;
        reason = "";
        if (value is null)
        {
            return true;
        }

        var isString = value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String;
        var text = isString ? value.GetValue<string>() : value.ToJsonString();
        if (!Quantity.TryParse(text.Trim(), out var quantity, out reason))
        {
            return false;
        }

        var formatted = quantity.ToString();
        canonical = isString && string.Equals(formatted, text, StringComparison.Ordinal) ? null : formatted;
        return true;
    }

    // Whether any message reachable from this one has a quantity field (schemas may be recursive).
    private static bool Reaches(MessageSchema root)
    {
        var seen = new HashSet<MessageSchema> { root };
        var pending = new Stack<MessageSchema>([root]);
        while (pending.TryPop(out var message))
        {
            foreach (var field in message.Fields)
            {
                if (field.Type.Kind == FieldKind.Quantity)
                {
                    return true;
                }

                if (field.Type.Kind == FieldKind.Message && seen.Add(field.Message))
                {
                    pending.Push(field.Message);
                }
            }
        }

        return false;
    }
}
