namespace Orchestrator.Client.WorkQueues;

/// <summary>
/// A token bucket over every key (client-go's BucketRateLimiter on golang.org/x/time/rate): up to
/// <c>burst</c> retries at once, then <c>qps</c> per second. Every call reserves a token, so the waits of
/// successive calls line up one after another instead of all ending together.
/// </summary>
public sealed class BucketRateLimiter : IRateLimiter
{
    private readonly double _qps;
    private readonly int _burst;
    private readonly TimeProvider _clock;
    private double _tokens;
    private DateTimeOffset _last;

    public BucketRateLimiter(double qps, int burst, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentNullException.ThrowIfNull(clock);
        _qps = qps;
        _burst = burst;
        _clock = clock;
        _tokens = burst;
        _last = clock.GetUtcNow();
    }

    public TimeSpan When(string key)
    {
        var now = _clock.GetUtcNow();
        if (now > _last)
        {
            _tokens = Math.Min(_burst, _tokens + ((now - _last).TotalSeconds * _qps));
            _last = now;
        }

        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
    }

    // The bucket does not track keys.
    public void Forget(string key)
    {
    }

    public int NumRequeues(string key) => 0;
}
