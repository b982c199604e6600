namespace Orchestrator.Persistence.Journal;

/// <summary>An event's payload is over the journal's size limit; nothing of the write was stored.</summary>
public sealed class EventTooLargeException : Exception
{
    public EventTooLargeException(string persistenceId, string manifest, int size, int maxSize)
        : base($"Event '{manifest}' for '{persistenceId}' is {size} bytes, over the journal's limit of {maxSize} bytes.")
    {
        PersistenceId = persistenceId;
        Manifest = manifest;
        Size = size;
        MaxSize = maxSize;
    }

    public string PersistenceId { get; }

    public string Manifest { get; }

    public int Size { get; }

    public int MaxSize { get; }
}
