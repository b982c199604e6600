namespace Orchestrator.Controllers.ReplicaSets;

/// <summary>
/// Kubernetes' slowStartBatch: calls in batches of 1, 2, 4, … at once, stopping after the first batch with a
/// failure, so a template that cannot be created (a quota, an admission refusal) costs one call, not hundreds.
/// </summary>
public static class SlowStart
{
    /// <summary>How many calls succeeded, and the first failure (null when all did).</summary>
    public static async Task<(int Successes, Exception? Error)> RunAsync(int count, int initialBatchSize, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var successes = 0;
        for (var batch = Math.Min(count, initialBatchSize); batch > 0; batch = Math.Min(2 * batch, count - successes))
        {
            var calls = Enumerable.Range(0, batch).Select(_ => Task.Run(call)).ToList();
            try
            {
                await Task.WhenAll(calls);
            }
            catch (Exception)
            {
                // Every failure of the batch is looked at below, not just the first one thrown.
            }

            var failed = calls.Where(c => !c.IsCompletedSuccessfully).ToList();
            successes += batch - failed.Count;
            if (failed.Count > 0)
            {
                return (successes, failed[0].Exception?.InnerException ?? new TaskCanceledException());
            }
        }

        return (successes, null);
    }
}
