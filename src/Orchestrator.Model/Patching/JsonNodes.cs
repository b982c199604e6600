using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Patching;

/// <summary>Helpers for comparing and classifying JsonNode values the way the patch algorithms need.</summary>
internal static class JsonNodes
{
    /// <summary>The dynamic type a decoded JSON value has in Kubernetes' Go code (map, slice, string, int64, float64, bool, nil).</summary>
    public enum Kind
    {
        Null,
        Object,
        Array,
        String,
        Integer,
        Float,
        Boolean,
    }

    public static bool IsNull(JsonNode? node) =>
        node is null || (node is JsonValue value && value.GetValueKind() == JsonValueKind.Null);

    public static Kind KindOf(JsonNode? node) => node switch
    {
        null => Kind.Null,
        JsonObject => Kind.Object,
        JsonArray => Kind.Array,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => Kind.String,
            JsonValueKind.True or JsonValueKind.False => Kind.Boolean,
            JsonValueKind.Number => IsInteger(value, out _) ? Kind.Integer : Kind.Float,
            _ => Kind.Null,
        },
        _ => Kind.Null,
    };

    /// <summary>
    /// A string that is equal for two scalars exactly when Go's == on the decoded values is true
    /// (an integer never equals a float); containers compare by their JSON text.
    /// </summary>
    public static string ScalarKey(JsonNode? node)
    {
        switch (KindOf(node))
        {
            case Kind.Null:
                return "n";
            case Kind.String:
                return "s:" + node!.GetValue<string>();
            case Kind.Boolean:
                return node!.GetValueKind() == JsonValueKind.True ? "b:true" : "b:false";
            case Kind.Integer:
                IsInteger(node!.AsValue(), out var integer);
                return "i:" + integer.ToString(CultureInfo.InvariantCulture);
            case Kind.Float:
                return "f:" + ToDouble(node!.AsValue()).ToString("R", CultureInfo.InvariantCulture);
            default:
                return "j:" + node!.ToJsonString();
        }
    }

    /// <summary>JSON equality as RFC 6902's test operation defines it: numbers by value, objects ignoring member order.</summary>
    public static bool JsonEquals(JsonNode? left, JsonNode? right)
    {
        var leftKind = KindOf(left);
        var rightKind = KindOf(right);
        if (leftKind is Kind.Integer or Kind.Float && rightKind is Kind.Integer or Kind.Float)
        {
            var leftText = left!.ToJsonString();
            var rightText = right!.ToJsonString();
            return leftText == rightText
                || (decimal.TryParse(leftText, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                    && decimal.TryParse(rightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                    ? a == b
                    : ToDouble(left.AsValue()).Equals(ToDouble(right.AsValue())));
        }

        if (leftKind != rightKind)
        {
            return false;
        }

        switch (leftKind)
        {
            case Kind.Object:
                var leftObject = left!.AsObject();
                var rightObject = right!.AsObject();
                return leftObject.Count == rightObject.Count
                    && leftObject.All(pair => rightObject.TryGetPropertyValue(pair.Key, out var other) && JsonEquals(pair.Value, other));
            case Kind.Array:
                var leftArray = left!.AsArray();
                var rightArray = right!.AsArray();
                return leftArray.Count == rightArray.Count
                    && leftArray.Zip(rightArray).All(pair => JsonEquals(pair.First, pair.Second));
            default:
                return ScalarKey(left) == ScalarKey(right);
        }
    }

    /// <summary>Go's json.Number.Int64(): a plain integer literal that fits in 64 bits.</summary>
    private static bool IsInteger(JsonValue value, out long integer) =>
        long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer);

    private static double ToDouble(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
