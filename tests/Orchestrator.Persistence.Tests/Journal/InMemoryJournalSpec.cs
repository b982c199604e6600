using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Tests.Journal;

/// <summary>The journal contract for the in-memory journal: reopening is a new journal over the same storage.</summary>
public sealed class InMemoryJournalSpec : JournalSpec
{
    private readonly InMemoryJournalStorage _storage = new();

    protected override IJournal CreateJournal(JournalSpecOptions options) =>
        new InMemoryJournal(_storage, new InMemoryJournalSettings
        {
            MaxEventSize = options.MaxEventSize,
            AutoCompactRetention = options.AutoCompactRetention,
            SubscriberBufferCapacity = options.SubscriberBufferCapacity,
        });
}
