using System.Collections.Frozen;

namespace Orchestrator.Hocon;

/// <summary>HOCON durations: <c>10s</c>, <c>200ms</c>, <c>5 minutes</c>, <c>1.5h</c>; a bare number is milliseconds.</summary>
internal static class DurationFormat
{
    // Ticks (100 ns) per unit; the unit names are exactly the spec's, lowercase only.
    private static readonly FrozenDictionary<string, decimal> TicksPerUnit = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        [string.Empty] = TimeSpan.TicksPerMillisecond,
        ["ns"] = 0.01m, ["nano"] = 0.01m, ["nanos"] = 0.01m, ["nanosecond"] = 0.01m, ["nanoseconds"] = 0.01m,
        ["us"] = 10m, ["micro"] = 10m, ["micros"] = 10m, ["microsecond"] = 10m, ["microseconds"] = 10m,
        ["ms"] = TimeSpan.TicksPerMillisecond, ["milli"] = TimeSpan.TicksPerMillisecond, ["millis"] = TimeSpan.TicksPerMillisecond,
        ["millisecond"] = TimeSpan.TicksPerMillisecond, ["milliseconds"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond, ["second"] = TimeSpan.TicksPerSecond, ["seconds"] = TimeSpan.TicksPerSecond,
        ["m"] = TimeSpan.TicksPerMinute, ["minute"] = TimeSpan.TicksPerMinute, ["minutes"] = TimeSpan.TicksPerMinute,
        ["h"] = TimeSpan.TicksPerHour, ["hour"] = TimeSpan.TicksPerHour, ["hours"] = TimeSpan.TicksPerHour,
        ["d"] = TimeSpan.TicksPerDay, ["day"] = TimeSpan.TicksPerDay, ["days"] = TimeSpan.TicksPerDay,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = default;
        if (text.Trim() is "infinite" or "inf")
        {
            value = Timeout.InfiniteTimeSpan;
            error = null;
            return true;
        }

        if (!UnitValue.TryParse(text, out var number, out var unit))
        {
            error = "expected a number with an optional unit such as 10s, 200ms or 5 minutes, or \"infinite\"";
            return false;
        }

        if (!TicksPerUnit.TryGetValue(unit, out var ticksPerUnit))
        {
            error = $"unknown unit '{unit}' (use ns, us, ms, s, m, h or d)";
            return false;
        }

        var ticks = decimal.Round(number * ticksPerUnit);
        if (ticks is < long.MinValue or > long.MaxValue)
        {
            error = "the duration is too long";
            return false;
        }

        value = TimeSpan.FromTicks((long)ticks);
        error = null;
        return true;
    }
}
