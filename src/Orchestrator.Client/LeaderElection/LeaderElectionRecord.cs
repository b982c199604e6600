using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.LeaderElection;

/// <summary>
/// What a Lease's spec says about leadership (client-go's resourcelock.LeaderElectionRecord): who holds it,
/// for how long, and since when.
/// </summary>
public sealed record LeaderElectionRecord(string HolderIdentity, int LeaseDurationSeconds, DateTimeOffset? AcquireTime, DateTimeOffset? RenewTime, int LeaderTransitions)
{
    // metav1.MicroTime: RFC 3339 with microseconds.
    private const string MicroTime = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static LeaderElectionRecord FromLease(JsonObject lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new LeaderElectionRecord(
            KubeObject.GetString(lease, "spec", "holderIdentity") ?? "",
            (int)(KubeObject.GetInt64(lease, "spec", "leaseDurationSeconds") ?? 0),
            Time(KubeObject.GetString(lease, "spec", "acquireTime")),
            Time(KubeObject.GetString(lease, "spec", "renewTime")),
            (int)(KubeObject.GetInt64(lease, "spec", "leaseTransitions") ?? 0));
    }

    /// <summary>Writes the record into a Lease's spec, keeping the spec's other fields (strategy, preferredHolder).</summary>
    public void WriteTo(JsonObject lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var spec = KubeObject.EnsureObject(lease, "spec");
        spec["holderIdentity"] = HolderIdentity;
        spec["leaseDurationSeconds"] = LeaseDurationSeconds;
        SetTime(spec, "acquireTime", AcquireTime);
        SetTime(spec, "renewTime", RenewTime);
        spec["leaseTransitions"] = LeaderTransitions;
    }

    private static void SetTime(JsonObject spec, string field, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            spec[field] = t.UtcDateTime.ToString(MicroTime, CultureInfo.InvariantCulture);
        }
        else
        {
            spec.Remove(field);
        }
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
