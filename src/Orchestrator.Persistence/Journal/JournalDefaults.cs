namespace Orchestrator.Persistence.Journal;

/// <summary>Defaults shared by every journal.</summary>
public static class JournalDefaults
{
    /// <summary>1.5 MiB, etcd's default request limit, so objects that fit one store fit the other.</summary>
    public const int MaxEventSize = 1536 * 1024;

    /// <summary>How many committed batches a live subscriber may lag before it falls back to reading history.</summary>
    public const int SubscriberBufferCapacity = 1024;
}
