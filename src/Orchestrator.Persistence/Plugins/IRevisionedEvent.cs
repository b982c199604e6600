namespace Orchestrator.Persistence.Plugins;

/// <summary>
/// An event that learns its place in the journal's global order. Akka's journal protocol has no slot
/// for it, so the journal plugin hands the persistent actor a copy of the event carrying its revision:
/// in the <c>WriteMessageSuccess</c> that runs the Persist handler and in every <c>ReplayedMessage</c>
/// of recovery. A ResourceEntity makes that revision the object's resourceVersion.
/// </summary>
public interface IRevisionedEvent
{
    /// <summary>The journal revision of this event, 0 until the journal has written it.</summary>
    long Revision { get; }

    /// <summary>This event, as written at <paramref name="revision"/>.</summary>
    IRevisionedEvent AtRevision(long revision);
}
