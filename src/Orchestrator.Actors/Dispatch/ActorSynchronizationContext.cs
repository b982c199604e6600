using Orchestrator.Actors.Cell;

namespace Orchestrator.Actors.Dispatch;

/// <summary>
/// The synchronization context an async receive runs under: every <c>await</c> continuation is posted
/// back to the actor's mailbox, so actor code after an await still runs one message at a time with
/// Self, Sender and Context intact (Akka's ActorTaskScheduler).
/// </summary>
internal sealed class ActorSynchronizationContext : SynchronizationContext
{
    private readonly ActorCell _cell;
    private readonly int _incarnation;

    /// <param name="incarnation">The actor instance the continuation belongs to; a restart drops stale ones.</param>
    public ActorSynchronizationContext(ActorCell cell, int incarnation)
    {
        _cell = cell;
        _incarnation = incarnation;
    }

    public override void Post(SendOrPostCallback d, object? state) =>
        _cell.Mailbox.PostSystem(new AsyncContinuation(d, state, _incarnation));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("actors never block a thread: Send is not supported");

    public override SynchronizationContext CreateCopy() => this;
}
