using Orchestrator.Actors.Cell;

namespace Orchestrator.Actors.Supervision;

/// <summary>A child as its parent keeps it: the reference and how often it was restarted in the current window.</summary>
internal sealed class ChildRestartStats
{
    private int _restarts;
    private long _windowStart;

    public ChildRestartStats(LocalActorRef child) => Child = child;

    public LocalActorRef Child { get; }

    /// <summary>Counts a restart; false once more than <paramref name="maxNrOfRetries"/> fall within the window.</summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? withinTimeRange)
    {
        if (maxNrOfRetries < 0)
        {
            return true;
        }

        if (maxNrOfRetries == 0)
        {
            return false;
        }

        _restarts++;
        if (withinTimeRange is null)
        {
            return _restarts <= maxNrOfRetries;
        }

        var now = Environment.TickCount64;
        if (_windowStart == 0)
        {
            _windowStart = now;
        }

        if (now - _windowStart <= (long)withinTimeRange.Value.TotalMilliseconds)
        {
            return _restarts <= maxNrOfRetries;
        }

        // The window has passed: this failure opens a new one.
        _restarts = 1;
        _windowStart = now;
        return true;
    }
}
