using Microsoft.Extensions.Time.Testing;
using Xunit;
using Orchestrator.Client.WorkQueues;

namespace Orchestrator.Controllers.Tests.Machinery;

/// <summary>The work queue on a manual clock: de-duplication, one hand-out per key at a time, delays and back-off.</summary>
public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void A_key_added_many_times_is_queued_once()
    {
        var queue = NewQueue();
        queue.Add("default/a");
        queue.Add("default/b");
        queue.Add("default/a");

        Assert.Equal(2, queue.Length);
        Assert.Equal(["default/a", "default/b"], Drain(queue));
        Assert.False(queue.TryGet(out _));
    }

    [Fact]
    public void A_key_added_while_it_is_processed_is_handed_out_again_only_after_Done()
    {
        var queue = NewQueue();
        queue.Add("a");
        Assert.True(queue.TryGet(out var first));
        Assert.Equal("a", first);

        queue.Add("a");
        queue.Add("a");
        Assert.False(queue.TryGet(out _));
        Assert.Equal(1, queue.Processing);

        queue.Done("a");
        Assert.True(queue.TryGet(out var again));
        Assert.Equal("a", again);
        queue.Done("a");
        Assert.False(queue.TryGet(out _));
    }

    [Fact]
    public void A_delayed_key_is_handed_out_once_its_time_has_come_and_the_earlier_of_two_delays_wins()
    {
        var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(3), queue.NextDueIn());
        Assert.False(queue.TryGet(out _));

        _clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(queue.TryGet(out _));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(queue.TryGet(out var key));
        Assert.Equal("a", key);
        Assert.Null(queue.NextDueIn());
    }

    [Fact]
    public void Failures_of_a_key_back_off_from_5_ms_doubling_up_to_1000_s_and_a_success_starts_over()
    {
        var queue = NewQueue();
        var delays = Enumerable.Range(0, 20).Select(_ => queue.AddRateLimited("a").TotalMilliseconds).ToList();

        // The bucket's burst of 100 is not spent, so the key's own back-off is the wait.
        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560], delays.Take(10));
        Assert.Equal(5 * Math.Pow(2, 17), delays[17]);
        Assert.Equal(1_000_000, delays[18]);
        Assert.Equal(1_000_000, delays[19]);
        Assert.Equal(20, queue.NumRequeues("a"));

        // Other keys back off on their own.
        Assert.Equal(5, queue.AddRateLimited("b").TotalMilliseconds);

        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
        Assert.Equal(5, queue.AddRateLimited("a").TotalMilliseconds);
    }

    [Fact]
    public void Retries_of_every_key_together_pass_a_bucket_of_10_per_second_after_a_burst_of_100()
    {
        var limiter = new WorkQueueSettings().NewRateLimiter(_clock);

        // 100 different keys, each failing for the first time: 5 ms each, the burst absorbs them.
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When($"k{i}"));
        }

        // Then the bucket is empty: each further retry waits its turn, 100 ms apart.
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("k100"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.When("k101"));

        // Tokens come back at 10 per second: a second later the two reserved are paid back and 8 are left.
        _clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 102; i < 110; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When($"k{i}"));
        }

        Assert.InRange(limiter.When("k110").TotalMilliseconds, 99.9, 100.1);
    }

    private WorkQueue NewQueue() => new(new WorkQueueSettings().NewRateLimiter(_clock), _clock);

    private static List<string> Drain(WorkQueue queue)
    {
        var keys = new List<string>();
        while (queue.TryGet(out var key))
        {
            keys.Add(key);
            queue.Done(key);
        }

        return keys;
    }
}
