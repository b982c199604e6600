using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Scheduler.Queue;
using Xunit;

namespace Orchestrator.Scheduler.Tests.Queue;

/// <summary>kube-scheduler's queue: priority then FIFO, back-off doubling to its max, unschedulable pods moved back by cluster events.</summary>
public sealed class SchedulingQueueTests
{
    private static readonly QueueSettings Settings = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Higher_priority_first_then_first_in_first_out()
    {
        var queue = new SchedulingQueue(Settings, _clock);
        queue.AddOrUpdate("a", Pod(0));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        queue.AddOrUpdate("b", Pod(100));
        queue.AddOrUpdate("c", Pod(0));
        queue.AddOrUpdate("d", Pod(100));

        Assert.Equal(["b", "d", "a", "c"], PopAll(queue));
    }

    [Fact]
    public void Back_off_doubles_from_1s_to_at_most_10s()
    {
        var queue = new SchedulingQueue(Settings, _clock);

        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(a => queue.BackoffDuration(a).TotalSeconds).ToArray());
    }

    [Fact]
    public void An_unschedulable_pod_waits_until_moved_then_its_back_off_before_it_is_active_again()
    {
        var queue = new SchedulingQueue(Settings, _clock);
        queue.AddOrUpdate("a", Pod(0));
        Assert.Equal("a", queue.Pop()!.Key);
        queue.AddUnschedulable("a", new HashSet<string> { "NodeResourcesFit" });
        Assert.Null(queue.Pop());

        // A cluster event within the back-off: into the back-off queue, active once the second has passed.
        _clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(1, queue.MoveAllToActiveOrBackoff());
        Assert.Equal((0, 1, 0), (queue.ActiveCount, queue.BackoffCount, queue.UnschedulableCount));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMilliseconds(600), queue.Flush());
        Assert.Null(queue.Pop());
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        queue.Flush();
        Assert.Equal("a", queue.Pop()!.Key);

        // Second failure: 2 s back-off; an event after it moves the pod straight to the active queue.
        queue.AddUnschedulable("a", new HashSet<string>());
        _clock.Advance(TimeSpan.FromSeconds(3));
        queue.MoveAllToActiveOrBackoff();
        Assert.Equal(1, queue.ActiveCount);
        Assert.Equal(3, queue.Pop()!.Attempts);
    }

    [Fact]
    public void Without_any_event_an_unschedulable_pod_is_retried_after_the_longest_wait()
    {
        var queue = new SchedulingQueue(Settings, _clock);
        queue.AddOrUpdate("a", Pod(0));
        queue.Pop();
        queue.AddUnschedulable("a", new HashSet<string>());

        Assert.Equal(_clock.GetUtcNow() + Settings.MaxInUnschedulable, queue.Flush());
        _clock.Advance(Settings.MaxInUnschedulable);
        queue.Flush();
        Assert.Equal("a", queue.Pop()?.Key);
    }

    [Fact]
    public void Events_move_only_the_pods_they_concern_and_a_deleted_pod_is_gone()
    {
        var queue = new SchedulingQueue(Settings, _clock);
        queue.AddOrUpdate("affinity", Pod(0));
        queue.AddOrUpdate("cpu", Pod(0));
        queue.AddOrUpdate("deleted", Pod(0));
        queue.AddUnschedulable(queue.Pop()!.Key, new HashSet<string> { "InterPodAffinity" });
        queue.AddUnschedulable(queue.Pop()!.Key, new HashSet<string> { "NodeResourcesFit" });
        queue.AddUnschedulable(queue.Pop()!.Key, new HashSet<string> { "InterPodAffinity" });
        queue.Delete("deleted");
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, queue.MoveAllToActiveOrBackoff(pod => pod.UnschedulablePlugins.Contains("InterPodAffinity")));
        Assert.Equal(["affinity"], PopAll(queue));
        Assert.Equal(1, queue.UnschedulableCount);
    }

    [Fact]
    public void A_spec_change_moves_an_unschedulable_pod_back_but_a_status_change_does_not()
    {
        var queue = new SchedulingQueue(Settings, _clock);
        queue.AddOrUpdate("a", Pod(0));
        queue.Pop();
        queue.AddUnschedulable("a", new HashSet<string>());
        _clock.Advance(TimeSpan.FromSeconds(2));

        var statusOnly = Pod(0);
        statusOnly["status"] = new JsonObject { ["phase"] = "Pending" };
        queue.AddOrUpdate("a", statusOnly);
        Assert.Equal(1, queue.UnschedulableCount);

        var relabelled = Pod(0);
        relabelled["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
        queue.AddOrUpdate("a", relabelled);
        Assert.Equal(["a"], PopAll(queue));
    }

    private static List<string> PopAll(SchedulingQueue queue)
    {
        var keys = new List<string>();
        while (queue.Pop() is { } pod)
        {
            keys.Add(pod.Key);
        }

        return keys;
    }

    private static JsonObject Pod(int priority) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["priority"] = priority },
    };
}
