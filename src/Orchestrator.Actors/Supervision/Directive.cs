namespace Orchestrator.Actors;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; drop the failing message.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one; the mailbox is kept.</summary>
    Restart,

    /// <summary>Stop the child.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same cause.</summary>
    Escalate,
}
