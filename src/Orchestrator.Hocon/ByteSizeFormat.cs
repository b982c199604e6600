using System.Collections.Frozen;

namespace Orchestrator.Hocon;

/// <summary>
/// HOCON sizes in bytes: powers of two for <c>K</c>/<c>Ki</c>/<c>KiB</c>... (and the single letters, as
/// java -Xmx does), powers of ten for <c>kB</c>/<c>MB</c>...; a bare number is bytes.
/// </summary>
internal static class ByteSizeFormat
{
    private static readonly FrozenDictionary<string, decimal> BytesPerUnit = Build();

    public static bool TryParse(string text, out long value, out string? error)
    {
        value = 0;
        if (!UnitValue.TryParse(text, out var number, out var unit))
        {
            error = "expected a number with an optional unit such as 512K, 3MiB or 10MB";
            return false;
        }

        if (!BytesPerUnit.TryGetValue(unit, out var multiplier))
        {
            error = $"unknown unit '{unit}' (use B, K/Ki/KiB, M/Mi/MiB, G/Gi/GiB... for powers of two or kB, MB, GB... for powers of ten)";
            return false;
        }

        decimal bytes;
        try
        {
            // Fractions of a byte are dropped, as the reference implementation does.
            bytes = decimal.Truncate(number * multiplier);
        }
        catch (OverflowException)
        {
            bytes = decimal.MaxValue;
        }

        if (bytes is < long.MinValue or > long.MaxValue)
        {
            error = "the size does not fit in a 64-bit integer";
            return false;
        }

        value = (long)bytes;
        error = null;
        return true;
    }

    private static FrozenDictionary<string, decimal> Build()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [string.Empty] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string Letters = "KMGTPEZY";
        decimal power10 = 1, power2 = 1;
        for (var i = 0; i < Letters.Length; i++)
        {
            power10 *= 1000;
            power2 *= 1024;
            var letter = Letters[i].ToString();
            // The spec spells the kilo prefix with a lowercase k: kB.
            var decimalSymbol = (i == 0 ? "k" : letter) + "B";
            units[decimalSymbol] = power10;
            units[decimalNames[i] + "byte"] = power10;
            units[decimalNames[i] + "bytes"] = power10;
            units[letter] = power2;
            units[letter.ToLowerInvariant()] = power2;
            units[letter + "i"] = power2;
            units[letter + "iB"] = power2;
            units[binaryNames[i] + "byte"] = power2;
            units[binaryNames[i] + "bytes"] = power2;
        }

        return units.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
