using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Client.WorkQueues;

/// <summary>
/// How a controller's work queue retries failed keys (orchestrator.controllers.work-queue): client-go's
/// DefaultControllerRateLimiter, a per-key exponential back-off and an overall token bucket.
/// </summary>
public sealed record WorkQueueSettings
{
    /// <summary>The first retry's delay; doubled per failure of the same key.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>Retries per second over every key together, once the burst is spent.</summary>
    public double RetryQps { get; init; } = 10;

    public int RetryBurst { get; init; } = 100;

    /// <summary>Reads the orchestrator.controllers.work-queue block.</summary>
    public static WorkQueueSettings FromConfig(AkkaConfig workQueue)
    {
        ArgumentNullException.ThrowIfNull(workQueue);
        return new WorkQueueSettings
        {
            RetryBaseDelay = workQueue.GetTimeSpan("retry-base-delay"),
            RetryMaxDelay = workQueue.GetTimeSpan("retry-max-delay"),
            RetryQps = workQueue.GetDouble("retry-qps"),
            RetryBurst = workQueue.GetInt("retry-burst"),
        };
    }

    /// <summary>The larger of the key's exponential back-off and the bucket's wait, as client-go's default.</summary>
    public IRateLimiter NewRateLimiter(TimeProvider clock) => new MaxOfRateLimiter(
        new ItemExponentialFailureRateLimiter(RetryBaseDelay, RetryMaxDelay),
        new BucketRateLimiter(RetryQps, RetryBurst, clock));
}
