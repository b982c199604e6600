namespace Orchestrator.Controllers.NodeLifecycle;

/// <summary>
/// A zone's eviction rate: a token bucket of burst 1 whose rate changes with the zone's state (Kubernetes'
/// RateLimitedTimedQueue under a flowcontrol token bucket); rate 0 lets nothing through.
/// </summary>
public sealed class EvictionLimiter(double rate, TimeProvider clock)
{
    private double _tokens = 1;
    private DateTimeOffset _last = clock.GetUtcNow();

    public double Rate { get; private set; } = rate;

    /// <summary>Takes a token if one is there.</summary>
    public bool TryAccept()
    {
        Refill();
        if (Rate <= 0 || _tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    /// <summary>Changes the rate; a bucket that was stopped starts with one token, as a new limiter does.</summary>
    public void SetRate(double rate)
    {
        Refill();
        if (Rate <= 0 && rate > 0)
        {
            _tokens = 1;
        }

        Rate = rate;
    }

    private void Refill()
    {
        var now = clock.GetUtcNow();
        if (now > _last)
        {
            _tokens = Math.Min(1, _tokens + ((now - _last).TotalSeconds * Math.Max(0, Rate)));
            _last = now;
        }
    }
}
