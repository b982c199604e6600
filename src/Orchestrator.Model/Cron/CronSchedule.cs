using Cronos;

namespace Orchestrator.Model.Cron;

/// <summary>
/// A CronJob's spec.schedule: the standard five fields (minute, hour, day of month, month, day of week, with
/// names, ranges, lists and steps) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight and
/// @hourly, as Kubernetes' cron parser takes them. Parsed by Cronos, a well-kept cron library.
/// </summary>
public sealed class CronSchedule
{
    private static readonly HashSet<string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
    };

    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    public string Text { get; }

    /// <summary>Parses a schedule; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string? text, out CronSchedule? schedule, out string error)
    {
        schedule = null;
        error = "";
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "empty spec string";
            return false;
        }

        // Cronos knows more macros (@every_second, @every_minute) than Kubernetes accepts.
        if (trimmed.StartsWith('@') && !Macros.Contains(trimmed))
        {
            error = $"unrecognized descriptor: {trimmed}";
            return false;
        }

        if (!trimmed.StartsWith('@'))
        {
            var fields = trimmed.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5)
            {
                error = $"expected exactly 5 fields, found {fields.Length}: {trimmed}";
                return false;
            }

            trimmed = string.Join(' ', fields);
        }

        try
        {
            schedule = new CronSchedule(trimmed, CronExpression.Parse(trimmed, CronFormat.Standard));
            return true;
        }
        catch (CronFormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The first scheduled time strictly after <paramref name="after"/> in the time zone, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone) =>
        _expression.GetNextOccurrence(after, zone, inclusive: false);

    public override string ToString() => Text;
}
