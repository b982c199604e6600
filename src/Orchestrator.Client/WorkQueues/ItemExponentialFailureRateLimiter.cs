namespace Orchestrator.Client.WorkQueues;

/// <summary>A key's n-th retry waits base × 2ⁿ, at most max (client-go's ItemExponentialFailureRateLimiter).</summary>
public sealed class ItemExponentialFailureRateLimiter : IRateLimiter
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    public ItemExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        _baseDelay = baseDelay;
        _maxDelay = maxDelay < baseDelay ? baseDelay : maxDelay;
    }

    public TimeSpan When(string key)
    {
        _failures.TryGetValue(key, out var exponent);
        _failures[key] = exponent + 1;

        // Computed in doubles so that a key failing for days does not overflow.
        var delay = _baseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return delay >= _maxDelay.TotalMilliseconds ? _maxDelay : TimeSpan.FromMilliseconds(delay);
    }

    public void Forget(string key) => _failures.Remove(key);

    public int NumRequeues(string key) => _failures.GetValueOrDefault(key);
}
