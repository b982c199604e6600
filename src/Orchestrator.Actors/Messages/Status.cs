namespace Orchestrator.Actors;

/// <summary>Replies that carry an outcome; a <see cref="Failure"/> reply to an Ask is rethrown to the asker.</summary>
public abstract record Status
{
    private Status()
    {
    }

    public sealed record Success(object? Value) : Status;

    public sealed record Failure(Exception Cause) : Status;
}
