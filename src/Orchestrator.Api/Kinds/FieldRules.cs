using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Small rules many kinds share, worded as Kubernetes words them: ValidateNonnegativeField,
/// ValidateImmutableField and the "cannot be greater than" checks of status counters.
/// </summary>
internal static class FieldRules
{
    public const string ImmutableMessage = "field is immutable";
    public const string NonNegativeMessage = "must be greater than or equal to 0";

    /// <summary>An integer field that may not be negative; returns its value (null when absent).</summary>
    public static long? NonNegative(JsonObject? parent, string name, FieldPath path, FieldErrorList errors)
    {
        var value = JsonFields.ReadInteger(parent, name, path, errors);
        if (value < 0)
        {
            errors.Add(FieldError.Invalid(path, value, NonNegativeMessage));
        }

        return value;
    }

    /// <summary>Each named integer of <paramref name="parent"/> non-negative, under <paramref name="path"/>.</summary>
    public static void NonNegative(JsonObject? parent, FieldPath path, FieldErrorList errors, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            NonNegative(parent, name, path.Child(name), errors);
        }
    }

    /// <summary>A field that may not change once set, compared as Kubernetes compares the decoded values.</summary>
    public static void Immutable(JsonNode? value, JsonNode? old, FieldPath path, FieldErrorList errors)
    {
        if (!JsonSemantics.AreEqual(value, old))
        {
            errors.Add(FieldError.Invalid(path, value?.DeepClone(), ImmutableMessage));
        }
    }

    /// <summary>A status counter that may not exceed another (readyReplicas &lt;= replicas).</summary>
    public static void NotGreaterThan(JsonObject? status, string name, string bound, FieldPath path, string message, FieldErrorList errors)
    {
        var value = JsonFields.Integer(status, name) ?? 0;
        if (value > (JsonFields.Integer(status, bound) ?? 0))
        {
            errors.Add(FieldError.Invalid(path.Child(name), value, message));
        }
    }
}
