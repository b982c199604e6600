using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// An intstr.IntOrString holding a count or a percentage ("25%"), as rolling-update settings do
/// (maxUnavailable, maxSurge): Kubernetes' ValidatePositiveIntOrPercent and IsNotMoreThan100Percent.
/// </summary>
internal static class IntOrPercent
{
    private const string PercentMessage = "a valid percent string must be a numeric string followed by an ending '%'";
    private const string PercentFormat = "[0-9]+%";

    /// <summary>A non-negative integer or a well-formed percentage; reports and returns the number (0 when invalid or absent).</summary>
    public static long Validate(JsonNode? value, FieldPath path, FieldErrorList errors)
    {
        switch (value)
        {
            case null:
                return 0;
            case JsonValue when JsonFields.TryInteger(value, out var number):
                if (number < 0)
                {
                    errors.Add(FieldError.Invalid(path, number, FieldRules.NonNegativeMessage));
                }

                return number;
            case JsonValue when JsonFields.TryString(value, out var text):
                if (!TryParsePercent(text, out var percent))
                {
                    errors.Add(FieldError.Invalid(path, text, ValidationRules.RegexError(PercentMessage, PercentFormat, "1%", "93%")));
                    return 0;
                }

                return percent;
            default:
                errors.Add(JsonFields.TypeError(path, value, "must be an integer or a percentage string"));
                return 0;
        }
    }

    /// <summary>A percentage above 100% is refused; counts are not bounded here.</summary>
    public static void NotMoreThan100Percent(JsonNode? value, FieldPath path, FieldErrorList errors)
    {
        if (JsonFields.TryString(value, out var text) && TryParsePercent(text, out var percent) && percent > 100)
        {
            errors.Add(FieldError.Invalid(path, text, "must not be greater than 100%"));
        }
    }

    private static bool TryParsePercent(string text, out long percent)
    {
        percent = 0;
        return text.Length > 1
            && text[^1] == '%'
            && text[..^1].All(char.IsAsciiDigit)
            && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out percent);
    }
}
