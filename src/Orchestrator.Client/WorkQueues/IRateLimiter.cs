using Orchestrator.Client.Events;
namespace Orchestrator.Client.WorkQueues;

/// <summary>
/// Decides how long a key waits before it is retried (client-go's workqueue.RateLimiter). Implementations
/// belong to one work queue and so to one actor: they are not thread-safe.
/// </summary>
public interface IRateLimiter
{
    /// <summary>How long the key waits now; counts as one more retry of it.</summary>
    TimeSpan When(string key);

    /// <summary>The key succeeded: its retries are forgotten.</summary>
    void Forget(string key);

    /// <summary>How many times the key has been retried since it was last forgotten.</summary>
    int NumRequeues(string key);
}
