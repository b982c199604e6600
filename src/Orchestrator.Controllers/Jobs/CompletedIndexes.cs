using System.Globalization;
using System.Text;

namespace Orchestrator.Controllers.Jobs;

/// <summary>An Indexed Job's status.completedIndexes: sorted indexes written as ranges, "1,3-5,7".</summary>
public static class CompletedIndexes
{
    public static SortedSet<int> Parse(string? text, int completions)
    {
        var indexes = new SortedSet<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0 ? int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var single) && Add(single, single)
                : int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                  && int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last) && Add(first, last))
            {
                continue;
            }
        }

        return indexes;

        bool Add(int first, int last)
        {
            for (var i = first; i <= last && i < completions; i++)
            {
                indexes.Add(i);
            }

            return true;
        }
    }

    public static string Format(IEnumerable<int> indexes)
    {
        var text = new StringBuilder();
        int? start = null, previous = null;
        foreach (var i in indexes.Order())
        {
            if (previous is { } p && i == p + 1)
            {
                previous = i;
                continue;
            }

            Flush();
            start = previous = i;
        }

        Flush();
        return text.ToString();

        void Flush()
        {
            if (start is not { } s || previous is not { } e)
            {
                return;
            }

            text.Append(text.Length > 0 ? "," : "").Append(s.ToString(CultureInfo.InvariantCulture));
            if (e > s)
            {
                text.Append('-').Append(e.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
