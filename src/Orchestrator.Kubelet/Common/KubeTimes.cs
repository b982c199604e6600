using System.Globalization;

namespace Orchestrator.Kubelet.Common;

/// <summary>meta/v1 Time (RFC 3339 to the second) and MicroTime (to the microsecond), in UTC, as the API writes them.</summary>
public static class KubeTimes
{
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
