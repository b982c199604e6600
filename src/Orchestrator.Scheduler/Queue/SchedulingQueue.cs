using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Queue;

/// <summary>
/// kube-scheduler's PriorityQueue: the pods waiting to be scheduled, in three places. The active queue hands
/// out the highest spec.priority first, then the longest waiting. A pod that fit nowhere waits among the
/// unschedulable pods until a cluster change that could make it fit moves it back
/// (<see cref="MoveAllToActiveOrBackoff"/>), or <see cref="QueueSettings.MaxInUnschedulable"/> passes; a pod
/// moved back before its back-off (initial doubling per attempt up to max) has run out waits in the back-off
/// queue first. Not thread-safe: the scheduler actor owns it.
/// </summary>
public sealed class SchedulingQueue
{
    private readonly QueueSettings _settings;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, QueuedPod> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _unschedulable = new(StringComparer.Ordinal);

    // Heaps with lazy deletion: an entry whose version no longer matches its pod's is stale and skipped.
    private readonly PriorityQueue<(QueuedPod Pod, long Version), QueuedPod> _active = new(ActiveOrder.Instance);
    private readonly PriorityQueue<(QueuedPod Pod, long Version), (DateTimeOffset Expiry, long Sequence)> _backoff = new();
    private long _sequence;
    private int _activeCount;
    private int _backoffCount;

    public SchedulingQueue(QueueSettings settings, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Every pod the queue holds, wherever it waits (in flight included).</summary>
    public int Count => _pods.Count;

    public int ActiveCount => _activeCount;

    public int BackoffCount => _backoffCount;

    public int UnschedulableCount => _unschedulable.Count;

    /// <summary>The pod under this key, or null.</summary>
    public QueuedPod? Get(string key) => _pods.GetValueOrDefault(key);

    public bool Contains(string key) => _pods.ContainsKey(key);

    /// <summary>The pods waiting as unschedulable (for explanations and tests).</summary>
    public IEnumerable<QueuedPod> Unschedulable => _unschedulable.Values;

    /// <summary>
    /// A new pending pod goes to the active queue; a known one gets the new object, and, if it waited as
    /// unschedulable and its spec or metadata changed (not just its status), is moved back: the change may make it fit.
    /// </summary>
    public void AddOrUpdate(string key, JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(pod);
        var priority = PriorityOf(pod);
        if (!_pods.TryGetValue(key, out var queued))
        {
            queued = new QueuedPod(key, pod, priority, _clock.GetUtcNow()) { Sequence = ++_sequence };
            _pods[key] = queued;
            PushActive(queued);
            return;
        }

        var old = queued.Pod;
        queued.Pod = pod;
        var priorityChanged = queued.Priority != priority;
        queued.Priority = priority;
        switch (queued.Location)
        {
            case QueueLocation.Active when priorityChanged:
                PushActive(queued);
                break;
            case QueueLocation.Unschedulable when SchedulingRelevantChange(old, pod):
                _unschedulable.Remove(key);
                MoveBack(queued);
                break;
        }
    }

    /// <summary>Forgets a pod (deleted, or bound by someone else); false when it was not queued.</summary>
    public bool Delete(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_pods.Remove(key, out var queued))
        {
            return false;
        }

        Leave(queued);
        queued.Version++;
        return true;
    }

    /// <summary>The next pod to schedule (highest priority, then longest waiting), now in flight; null when none is active.</summary>
    public QueuedPod? Pop()
    {
        while (_active.TryDequeue(out var entry, out _))
        {
            var (queued, version) = entry;
            if (version != queued.Version || queued.Location != QueueLocation.Active || !_pods.ContainsKey(queued.Key))
            {
                continue;
            }

            _activeCount--;
            queued.Location = QueueLocation.InFlight;
            queued.Version++;
            queued.Attempts++;
            return queued;
        }

        return null;
    }

    /// <summary>A popped pod was scheduled (assumed and bound): it leaves the queue.</summary>
    public void Done(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_pods.TryGetValue(key, out var queued) && queued.Location == QueueLocation.InFlight)
        {
            _pods.Remove(key);
            queued.Version++;
        }
    }

    /// <summary>
    /// A popped pod fit nowhere: it waits as unschedulable, remembering the plugins that rejected it, until a
    /// cluster change moves it back. A pod no longer queued (deleted meanwhile) is not added back.
    /// </summary>
    public void AddUnschedulable(string key, IReadOnlySet<string> unschedulablePlugins)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(unschedulablePlugins);
        if (!_pods.TryGetValue(key, out var queued) || queued.Location != QueueLocation.InFlight)
        {
            return;
        }

        queued.UnschedulablePlugins = unschedulablePlugins;
        queued.Timestamp = _clock.GetUtcNow();
        queued.BackoffExpiry = queued.Timestamp + BackoffDuration(queued.Attempts);
        queued.Location = QueueLocation.Unschedulable;
        queued.Version++;
        _unschedulable[key] = queued;
    }

    /// <summary>
    /// A pod whose attempt failed with an error (its binding failed, say), or one already scheduled whose binding
    /// failed (it is added back): it waits out its back-off, then is tried again.
    /// </summary>
    public void AddBackoff(string key, JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(pod);
        if (!_pods.TryGetValue(key, out var queued))
        {
            queued = new QueuedPod(key, pod, PriorityOf(pod), _clock.GetUtcNow()) { Sequence = ++_sequence, Attempts = 1 };
            _pods[key] = queued;
        }
        else
        {
            Leave(queued);
        }

        queued.UnschedulablePlugins = new HashSet<string>();
        queued.Timestamp = _clock.GetUtcNow();
        queued.BackoffExpiry = queued.Timestamp + BackoffDuration(queued.Attempts);
        PushBackoff(queued);
    }

    /// <summary>
    /// kube-scheduler's MoveAllToActiveOrBackoffQueue: a cluster change (a node added or changed, a pod deleted)
    /// could make unschedulable pods fit, so those it may concern (all when <paramref name="concerns"/> is null)
    /// go back: to the active queue if their back-off has run out, else to the back-off queue. Returns how many moved.
    /// </summary>
    public int MoveAllToActiveOrBackoff(Func<QueuedPod, bool>? concerns = null)
    {
        if (_unschedulable.Count == 0)
        {
            return 0;
        }

        var moved = new List<QueuedPod>();
        foreach (var queued in _unschedulable.Values)
        {
            if (concerns is null || concerns(queued))
            {
                moved.Add(queued);
            }
        }

        foreach (var queued in moved)
        {
            _unschedulable.Remove(queued.Key);
            MoveBack(queued);
        }

        return moved.Count;
    }

    /// <summary>
    /// Moves the pods whose back-off has run out to the active queue, and those unschedulable for longer than
    /// the maximum back; returns when this should next be called (null: nothing waits for a time).
    /// </summary>
    public DateTimeOffset? Flush()
    {
        var now = _clock.GetUtcNow();
        while (_backoff.TryPeek(out var entry, out var due))
        {
            var (queued, version) = entry;
            if (version != queued.Version || queued.Location != QueueLocation.Backoff || !_pods.ContainsKey(queued.Key))
            {
                _backoff.Dequeue();
                continue;
            }

            if (due.Expiry > now)
            {
                break;
            }

            _backoff.Dequeue();
            _backoffCount--;
            PushActive(queued);
        }

        DateTimeOffset? next = _backoff.TryPeek(out _, out var nextDue) ? nextDue.Expiry : null;
        if (_unschedulable.Count > 0)
        {
            var stale = new List<QueuedPod>();
            foreach (var queued in _unschedulable.Values)
            {
                var until = queued.Timestamp + _settings.MaxInUnschedulable;
                if (until <= now)
                {
                    stale.Add(queued);
                }
                else if (next is null || until < next)
                {
                    next = until;
                }
            }

            foreach (var queued in stale)
            {
                _unschedulable.Remove(queued.Key);
                MoveBack(queued);
            }
        }

        return next;
    }

    /// <summary>kube-scheduler's calculateBackoffDuration: initial, doubled for each attempt after the first, at most max.</summary>
    public TimeSpan BackoffDuration(int attempts)
    {
        var duration = _settings.InitialBackoff;
        for (var i = 1; i < attempts && duration < _settings.MaxBackoff; i++)
        {
            duration *= 2;
        }

        return duration > _settings.MaxBackoff ? _settings.MaxBackoff : duration;
    }

    /// <summary>spec.priority as admission set it (0 without).</summary>
    public static int PriorityOf(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod["spec"] is JsonObject spec && spec["priority"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && value.TryGetValue<int>(out var priority) ? priority : 0;
    }

    // Back to the active queue if the back-off has run out, else to the back-off queue.
    private void MoveBack(QueuedPod queued)
    {
        if (queued.BackoffExpiry > _clock.GetUtcNow())
        {
            PushBackoff(queued);
        }
        else
        {
            PushActive(queued);
        }
    }

    private void PushActive(QueuedPod queued)
    {
        if (queued.Location != QueueLocation.Active || queued.Version == 0)
        {
            _activeCount++;
        }

        // Kubernetes refreshes the timestamp when a pod comes back, so it queues behind those of its priority.
        if (queued.Location != QueueLocation.Active && queued.Attempts > 0)
        {
            queued.Timestamp = _clock.GetUtcNow();
            queued.Sequence = ++_sequence;
        }

        queued.Location = QueueLocation.Active;
        queued.Version++;
        _active.Enqueue((queued, queued.Version), queued);
    }

    private void PushBackoff(QueuedPod queued)
    {
        queued.Location = QueueLocation.Backoff;
        queued.Version++;
        _backoffCount++;
        _backoff.Enqueue((queued, queued.Version), (queued.BackoffExpiry, queued.Sequence));
    }

    // Takes the pod out of wherever it waits (heap entries go stale with the version bump that follows).
    private void Leave(QueuedPod queued)
    {
        switch (queued.Location)
        {
            case QueueLocation.Active:
                _activeCount--;
                break;
            case QueueLocation.Backoff:
                _backoffCount--;
                break;
            case QueueLocation.Unschedulable:
                _unschedulable.Remove(queued.Key);
                break;
        }

        queued.Location = QueueLocation.InFlight;
    }

    // kube-scheduler's isPodUpdated: anything but the status, resourceVersion, generation and managedFields.
    private static bool SchedulingRelevantChange(JsonObject old, JsonObject pod)
    {
        if (ReferenceEquals(old, pod))
        {
            return false;
        }

        return !JsonNode.DeepEquals(old["spec"], pod["spec"])
            || !JsonNode.DeepEquals(Stripped(old["metadata"]), Stripped(pod["metadata"]));
    }

    private static JsonObject? Stripped(JsonNode? metadata)
    {
        if (metadata is not JsonObject obj)
        {
            return null;
        }

        var copy = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if (name is not ("resourceVersion" or "generation" or "managedFields"))
            {
                copy[name] = value?.DeepClone();
            }
        }

        return copy;
    }

    /// <summary>Higher priority first, then the earlier timestamp, then arrival order.</summary>
    private sealed class ActiveOrder : IComparer<QueuedPod>
    {
        public static readonly ActiveOrder Instance = new();

        public int Compare(QueuedPod? x, QueuedPod? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : 1) : -1;
            }

            if (x.Priority != y.Priority)
            {
                return y.Priority.CompareTo(x.Priority);
            }

            var byTime = x.Timestamp.CompareTo(y.Timestamp);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
