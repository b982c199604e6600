using Orchestrator.Kubelet.Common;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Common;

public class RetryBackoffTests
{
    [Fact]
    public void Doubles_from_the_initial_delay_up_to_the_maximum_and_starts_over_after_a_success()
    {
        // Kubernetes' node lease controller: 200 ms, doubling, at most 7 s.
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(7));

        Assert.Equal([200, 400, 800, 1600, 3200, 6400, 7000, 7000], Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalMilliseconds));
        backoff.Reset();
        Assert.Equal(200, backoff.Next().TotalMilliseconds);
    }
}
