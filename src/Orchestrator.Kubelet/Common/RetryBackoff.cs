namespace Orchestrator.Kubelet.Common;

/// <summary>
/// The delay before the next retry of something that failed: <c>initial</c>, doubled per failure up to
/// <c>max</c> (Kubernetes' node lease controller: 200 ms to 7 s), and back to <c>initial</c> after a success.
/// Not thread-safe: each actor keeps its own.
/// </summary>
public sealed class RetryBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public RetryBackoff(TimeSpan initial, TimeSpan max)
    {
        if (initial <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "the first delay must be positive");
        }

        _initial = initial;
        _max = max < initial ? initial : max;
        _next = initial;
    }

    /// <summary>The delay to wait now; the one after it is twice as long, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = _next * 2 > _max ? _max : _next * 2;
        return delay;
    }

    public void Reset() => _next = _initial;
}
