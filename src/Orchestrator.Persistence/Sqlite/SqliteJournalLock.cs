namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// Keeps a second journal (in this process or another) off a file: the writer's cache of sequence nrs
/// is the authority for compare-and-append, so two writers would break it. An exclusive open of a
/// lock file beside the database takes an advisory lock that the kernel drops when the process dies.
/// </summary>
internal sealed class SqliteJournalLock : IDisposable
{
    private readonly FileStream _file;

    private SqliteJournalLock(FileStream file)
    {
        _file = file;
    }

    public static SqliteJournalLock Acquire(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        try
        {
            return new SqliteJournalLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new IOException($"The journal '{databasePath}' is already open by another journal in this or another process.", ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
