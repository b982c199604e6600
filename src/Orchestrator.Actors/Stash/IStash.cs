using Orchestrator.Actors.Dispatch;

namespace Orchestrator.Actors;

/// <summary>Set aside the current message to handle it later, in the order stashed.</summary>
public interface IStash
{
    int Count { get; }

    /// <summary>Keeps the message being handled; stashing the same message twice is an error.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back at the head of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back at the head of the mailbox, oldest first.</summary>
    void UnstashAll();

    /// <summary>Empties the stash and returns what it held.</summary>
    IReadOnlyList<Envelope> ClearStash();
}

/// <summary>An actor that stashes; the kernel sets <see cref="Stash"/>. A restart unstashes everything.</summary>
public interface IWithStash
{
    IStash Stash { get; set; }
}
