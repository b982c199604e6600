using System.Collections.Concurrent;

namespace Orchestrator.Controllers.Machinery;

/// <summary>
/// The creations and deletions a controller has asked for and not yet seen in its informer (Kubernetes'
/// ControllerExpectations, as the ReplicaSet controller uses them): a sync that just created N pods records
/// "expect N creations" for its key, the informer's Added events count them down, and until then (or until
/// the expectations are older than the timeout) <see cref="SatisfiedExpectations"/> says not to act on the
/// still-stale cache, so the pods are not created twice. Thread-safe: the informer's events arrive on the
/// controller's actor, syncs run beside it.
/// </summary>
public sealed class ControllerExpectations
{
    private readonly ConcurrentDictionary<string, Expectation> _expectations = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;

    /// <param name="timeout">After this long expectations no longer hold a sync back (Kubernetes: 5 minutes), in case an event was missed.</param>
    public ControllerExpectations(TimeSpan timeout, TimeProvider? clock = null)
    {
        _timeout = timeout;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Replaces the key's expectations with these counts, timed from now.</summary>
    public void SetExpectations(string key, int adds, int deletes) =>
        _expectations[key] = new Expectation(adds, deletes, _clock.GetUtcNow());

    public void ExpectCreations(string key, int adds) => SetExpectations(key, adds, 0);

    public void ExpectDeletions(string key, int deletes) => SetExpectations(key, 0, deletes);

    /// <summary>Expects more of each (a create that will be retried, say); does nothing when the key has no expectations.</summary>
    public void RaiseExpectations(string key, int adds, int deletes)
    {
        if (_expectations.TryGetValue(key, out var expectation))
        {
            expectation.Add(adds, deletes);
        }
    }

    /// <summary>Expects fewer of each: seen, or a create or delete that failed and so will never be seen.</summary>
    public void LowerExpectations(string key, int adds, int deletes)
    {
        if (_expectations.TryGetValue(key, out var expectation))
        {
            expectation.Add(-adds, -deletes);
        }
    }

    /// <summary>The informer showed one of the expected creations.</summary>
    public void CreationObserved(string key) => LowerExpectations(key, 1, 0);

    /// <summary>The informer showed one of the expected deletions.</summary>
    public void DeletionObserved(string key) => LowerExpectations(key, 0, 1);

    /// <summary>
    /// True when the key may be synced: it has no expectations, they are all met, or they have timed out
    /// (then a missed event cannot stall the controller forever).
    /// </summary>
    public bool SatisfiedExpectations(string key) =>
        !_expectations.TryGetValue(key, out var expectation)
        || expectation.Fulfilled
        || _clock.GetUtcNow() - expectation.SetAt > _timeout;

    /// <summary>What is still expected for the key, or null when nothing is recorded.</summary>
    public (int Adds, int Deletes)? GetExpectations(string key) =>
        _expectations.TryGetValue(key, out var expectation) ? (expectation.Adds, expectation.Deletes) : null;

    /// <summary>Forgets the key, as when its object is deleted.</summary>
    public void DeleteExpectations(string key) => _expectations.TryRemove(key, out _);

    private sealed class Expectation(int adds, int deletes, DateTimeOffset setAt)
    {
        private int _adds = adds;
        private int _deletes = deletes;

        public DateTimeOffset SetAt { get; } = setAt;

        public int Adds => Volatile.Read(ref _adds);

        public int Deletes => Volatile.Read(ref _deletes);

        public bool Fulfilled => Adds <= 0 && Deletes <= 0;

        public void Add(int adds, int deletes)
        {
            Interlocked.Add(ref _adds, adds);
            Interlocked.Add(ref _deletes, deletes);
        }
    }
}
