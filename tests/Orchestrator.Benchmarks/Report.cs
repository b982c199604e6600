using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Benchmarks;

/// <summary>Prints figures beside their baselines and the closing JSON line.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Rows print at once and figures collect for the JSON line: one report object carries both, whichever a call uses.")]
internal sealed class Report
{
    private readonly Dictionary<string, object> _figures = new(StringComparer.Ordinal);

    public void Row(string what, double ours, string unit, double? baseline = null, string? baselineName = null, bool higherIsBetter = true)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{what,-44} {ours,14:N1} {unit,-10}");
        if (baseline is { } b && b > 0)
        {
            var ratio = ours / b;
            line += string.Create(CultureInfo.InvariantCulture, $"  {baselineName ?? "baseline"} {b,14:N1}  ratio {ratio:F2}{(higherIsBetter ? "" : " (lower is better)")}");
        }

        Console.WriteLine(line);
    }

    /// <summary>A figure beside the target it is held to: at most (or, when <paramref name="higherIsBetter"/>, at least) <paramref name="target"/>.</summary>
    public void Target(string what, double ours, string unit, double target, bool higherIsBetter = false)
    {
        var met = higherIsBetter ? ours >= target : ours <= target;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{what,-44} {ours,14:N1} {unit,-10}  target {(higherIsBetter ? "≥" : "≤")} {target:#,0.##} {unit}: {(met ? "met" : "MISSED")}"));
    }

    public void Set(string key, double value) => _figures[key] = Math.Round(value, 3);

    /// <summary>A word in the JSON line: which variant the figures beside it are of.</summary>
    public void Set(string key, string value) => _figures[key] = value;

    public void PrintJson() => Console.WriteLine(JsonSerializer.Serialize(_figures));
}
