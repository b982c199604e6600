using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Model.Protobuf;

/// <summary>
/// meta/v1 Time and MicroTime between their JSON form (RFC 3339 in UTC, to the second or the
/// microsecond; null for Go's zero time) and protobuf's seconds and nanoseconds since the Unix epoch.
/// </summary>
internal static partial class KubeTime
{
    /// <summary>Go's zero time, 0001-01-01T00:00:00Z, in Unix seconds: Kubernetes shows it as null.</summary>
    public const long ZeroSeconds = -62_135_596_800;

    private const long NanosPerSecond = 1_000_000_000;

    public static string FormatTime(long seconds) =>
        ToUtc(seconds, 0).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string FormatMicroTime(long seconds, long nanos) =>
        ToUtc(seconds, nanos).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses RFC 3339 as Go's time.Parse does (any fraction of a second, Z or an offset).</summary>
    public static (long Seconds, int Nanos) Parse(string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"cannot parse \"{text}\" as an RFC 3339 time");
        }

        try
        {
            var offset = match.Groups[8].Value is "Z" ? TimeSpan.Zero : TimeSpan.ParseExact(match.Groups[8].Value[1..], "hh\\:mm", CultureInfo.InvariantCulture);
            if (match.Groups[8].Value.StartsWith('-'))
            {
                offset = -offset;
            }

            var time = new DateTimeOffset(Int(match, 1), Int(match, 2), Int(match, 3), Int(match, 4), Int(match, 5), Int(match, 6), offset);
            var fraction = match.Groups[7].Success ? match.Groups[7].Value[1..] : string.Empty;
            var nanos = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
            return (time.ToUnixTimeSeconds(), nanos);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"cannot parse \"{text}\" as an RFC 3339 time: {e.Message}", e);
        }
    }

    private static int Int(Match match, int group) => int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    private static DateTime ToUtc(long seconds, long nanos)
    {
        // time.Unix normalizes nanoseconds outside [0, 1e9) into the seconds.
        seconds += Math.DivRem(nanos, NanosPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += NanosPerSecond;
        }

        if (seconds < ZeroSeconds || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new FormatException($"time {seconds}s since the Unix epoch is outside the years 1 to 9999");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.AddTicks(rest / 100);
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
