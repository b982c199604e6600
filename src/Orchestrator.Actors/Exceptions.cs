namespace Orchestrator.Actors;

/// <summary>Thrown by an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException : Exception
{
    public ActorKilledException() : base("Kill")
    {
    }

    public ActorKilledException(string message) : base(message)
    {
    }

    public ActorKilledException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>The actor's constructor or PreStart failed; the default supervisor stops such an actor.</summary>
public sealed class ActorInitializationException : Exception
{
    public ActorInitializationException() : base("actor initialization failed")
    {
    }

    public ActorInitializationException(string message) : base(message)
    {
    }

    public ActorInitializationException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>A watched actor stopped and the watcher did not handle <see cref="Terminated"/>.</summary>
public sealed class DeathPactException : Exception
{
    public DeathPactException() : base("unhandled Terminated")
    {
    }

    public DeathPactException(string message) : base(message)
    {
    }

    public DeathPactException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>No reply arrived within an Ask's timeout.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    public AskTimeoutException() : base("ask timed out")
    {
    }

    public AskTimeoutException(string message) : base(message)
    {
    }

    public AskTimeoutException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>No actor lives at the selected path.</summary>
public sealed class ActorNotFoundException : Exception
{
    public ActorNotFoundException() : base("actor not found")
    {
    }

    public ActorNotFoundException(string message) : base(message)
    {
    }

    public ActorNotFoundException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>An actor name is empty, reserved, malformed or already taken by a sibling.</summary>
public sealed class InvalidActorNameException : Exception
{
    public InvalidActorNameException() : base("invalid actor name")
    {
    }

    public InvalidActorNameException(string message) : base(message)
    {
    }

    public InvalidActorNameException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>An actor used the kernel in a way its state forbids (e.g. stashing a message twice).</summary>
public sealed class IllegalActorStateException : Exception
{
    public IllegalActorStateException() : base("illegal actor state")
    {
    }

    public IllegalActorStateException(string message) : base(message)
    {
    }

    public IllegalActorStateException(string message, Exception inner) : base(message, inner)
    {
    }
}
