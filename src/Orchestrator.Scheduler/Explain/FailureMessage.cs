using System.Globalization;
using System.Text;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Explain;

/// <summary>
/// Words a scheduling failure exactly as kube-scheduler's FitError.Error(): "0/N nodes are available:"
/// then either the PreFilter message or every reason of every rejected node counted ("3 Insufficient
/// cpu"), the counted strings sorted byte-wise as Go's sort.Strings sorts them, joined by ", " and
/// ended with "."; then the PostFilter (preemption) message after a space.
/// </summary>
public static class FailureMessage
{
    /// <summary>kube-scheduler's ErrNoNodesAvailable.</summary>
    public const string NoNodesAvailable = "no nodes available to schedule pods";

    /// <param name="numAllNodes">How many nodes the attempt considered.</param>
    /// <param name="statuses">The rejection of each node that has one.</param>
    /// <param name="absentStatus">Counted once for each node missing from <paramref name="statuses"/>, when given.</param>
    /// <param name="preFilterMessage">A PreFilter rejection's message; it replaces the per-node reasons.</param>
    /// <param name="postFilterMessage">The preemption outcome, appended as it is.</param>
    public static string Format(int numAllNodes, IReadOnlyCollection<Status> statuses, Status? absentStatus = null,
        string? preFilterMessage = null, string? postFilterMessage = null)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"0/{numAllNodes} nodes are available:");
        if (!string.IsNullOrEmpty(preFilterMessage))
        {
            message.Append(' ').Append(preFilterMessage).Append('.');
        }
        else
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var status in statuses)
            {
                foreach (var reason in status.Reasons)
                {
                    counts[reason] = counts.GetValueOrDefault(reason) + 1;
                }
            }

            if (absentStatus is not null && statuses.Count < numAllNodes)
            {
                foreach (var reason in absentStatus.Reasons)
                {
                    counts[reason] = counts.GetValueOrDefault(reason) + (numAllNodes - statuses.Count);
                }
            }

            var histogram = counts.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value} {pair.Key}")).ToList();
            histogram.Sort(StringComparer.Ordinal);
            if (histogram.Count > 0)
            {
                message.Append(' ').AppendJoin(", ", histogram).Append('.');
            }
        }

        if (!string.IsNullOrEmpty(postFilterMessage))
        {
            message.Append(' ').Append(postFilterMessage);
        }

        return message.ToString();
    }
}
