namespace Orchestrator.Persistence.Sqlite;

/// <summary>Counters of the journal's writer since it opened.</summary>
/// <param name="Commits">Transactions committed with events in them.</param>
/// <param name="Events">Events committed.</param>
public readonly record struct SqliteJournalStatistics(long Commits, long Events)
{
    /// <summary>Events per commit: how many writes group commit folds into one fsync.</summary>
    public double AverageBatchSize => Commits == 0 ? 0 : (double)Events / Commits;
}
