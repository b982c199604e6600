namespace Orchestrator.Persistence.Journal;

/// <summary>The journal's database file is damaged or is not a journal at all; it was left untouched.</summary>
public sealed class JournalCorruptException : Exception
{
    public JournalCorruptException(string path, Exception? innerException)
        : this(path, innerException?.Message ?? "unknown damage", innerException)
    {
    }

    public JournalCorruptException(string path, string detail, Exception? innerException = null)
        : base($"The journal database '{path}' is corrupt or not a journal database: {detail}", innerException)
    {
        Path = path;
    }

    public string Path { get; }
}
