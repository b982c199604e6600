namespace Orchestrator.Client.WorkQueues;

/// <summary>The longest wait of several limiters (client-go's MaxOfRateLimiter); each counts every call.</summary>
public sealed class MaxOfRateLimiter(params IRateLimiter[] limiters) : IRateLimiter
{
    public TimeSpan When(string key)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var wait = limiter.When(key);
            if (wait > longest)
            {
                longest = wait;
            }
        }

        return longest;
    }

    public void Forget(string key)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(key);
        }
    }

    public int NumRequeues(string key) => limiters.Max(l => l.NumRequeues(key));
}
