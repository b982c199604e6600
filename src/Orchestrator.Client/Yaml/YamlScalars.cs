using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orchestrator.Client.Yaml;

/// <summary>
/// Resolves an untagged plain YAML scalar to JSON by the YAML 1.2 core schema (null, bool, int, float, else string),
/// the types a Kubernetes manifest or kubeconfig can hold.
/// </summary>
internal static partial class YamlScalars
{
    /// <summary>The JSON value of a plain scalar (a JSON null node is returned as null).</summary>
    public static JsonNode? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (DecimalInteger().IsMatch(text))
        {
            var digits = text.TrimStart('+');
            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small)
                ? JsonValue.Create(small)
                : JsonNode.Parse(BigInteger.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && HexInteger().IsMatch(text))
        {
            return JsonValue.Create(Convert.ToInt64(text[2..], 16));
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalInteger().IsMatch(text))
        {
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        }

        // .inf and .nan have no JSON form, so they stay strings.
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    /// <summary>
    /// Whether a string must be quoted to read back as a string: it would resolve to another type here,
    /// or to a boolean under YAML 1.1, which Go's yaml.v2 (kubectl) still applies.
    /// </summary>
    public static bool NeedsQuotes(string text) =>
        Resolve(text) is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String || Yaml11Word().IsMatch(text);

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^0x[0-9a-fA-F]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexInteger();

    [GeneratedRegex("^0o[0-7]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex Yaml11Word();
}
