using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Hocon;

/// <summary>
/// The spec's "units format" shared by durations and sizes: optional whitespace, a number, optional
/// whitespace, an optional unit made of letters, optional whitespace.
/// </summary>
internal static partial class UnitValue
{
    public static bool TryParse(string text, out decimal number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        var match = UnitRegex().Match(text);
        if (!match.Success)
        {
            return false;
        }

        try
        {
            number = decimal.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return false;
        }

        unit = match.Groups["unit"].Value;
        return true;
    }

    [GeneratedRegex(@"^\s*(?<number>[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)\s*(?<unit>\p{L}*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitRegex();
}
