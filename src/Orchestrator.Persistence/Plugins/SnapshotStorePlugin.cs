using Akka.Persistence;
using Akka.Persistence.Snapshot;
using Orchestrator.Persistence.Snapshots;
using AkkaCriteria = Akka.Persistence.SnapshotSelectionCriteria;
using AkkaMetadata = Akka.Persistence.SnapshotMetadata;
using AkkaSelected = Akka.Persistence.SelectedSnapshot;

namespace Orchestrator.Persistence.Plugins;

/// <summary>
/// An Akka.Persistence snapshot store plugin over one of our snapshot stores. Snapshots are serialized
/// like journal payloads (<see cref="PayloadSerializer"/>). The plugin owns its store and closes it when it stops.
/// </summary>
public abstract class SnapshotStorePlugin : SnapshotStore
{
    private readonly ISnapshotStore _store;
    private readonly PayloadSerializer _payloads;

    protected SnapshotStorePlugin(ISnapshotStore store)
    {
        _store = store;
        _payloads = new PayloadSerializer(Context.System);
    }

    protected override async Task<AkkaSelected> LoadAsync(string persistenceId, AkkaCriteria criteria, CancellationToken cancellationToken = default)
    {
        var selected = await _store.LoadAsync(persistenceId, Convert(criteria), cancellationToken).ConfigureAwait(false);
        if (selected is null)
        {
            return null!;
        }

        var metadata = new AkkaMetadata(persistenceId, selected.Metadata.SequenceNr, selected.Metadata.Timestamp.UtcDateTime);
        return new AkkaSelected(metadata, _payloads.Deserialize(selected.Snapshot with { Local = null }));
    }

    protected override Task SaveAsync(AkkaMetadata metadata, object snapshot, CancellationToken cancellationToken = default) =>
        _store.SaveAsync(Convert(metadata), _payloads.Serialize(snapshot) with { Local = null }, cancellationToken);

    protected override Task DeleteAsync(AkkaMetadata metadata, CancellationToken cancellationToken = default) =>
        _store.DeleteAsync(Convert(metadata), cancellationToken);

    protected override Task DeleteAsync(string persistenceId, AkkaCriteria criteria, CancellationToken cancellationToken = default) =>
        _store.DeleteAsync(persistenceId, Convert(criteria), cancellationToken);

    protected override void PostStop()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.PostStop();
    }

    private static Snapshots.SnapshotMetadata Convert(AkkaMetadata metadata) =>
        new(metadata.PersistenceId, metadata.SequenceNr, new DateTimeOffset(DateTime.SpecifyKind(metadata.Timestamp, DateTimeKind.Utc)));

    private static Snapshots.SnapshotSelectionCriteria Convert(AkkaCriteria criteria) => new(
        criteria.MaxSequenceNr,
        Timestamp(criteria.MaxTimeStamp, DateTimeOffset.MaxValue),
        criteria.MinSequenceNr,
        criteria.MinTimestamp is { } min ? Timestamp(min, DateTimeOffset.MinValue) : DateTimeOffset.MinValue);

    private static DateTimeOffset Timestamp(DateTime time, DateTimeOffset ifExtreme) =>
        time == DateTime.MaxValue || time == DateTime.MinValue ? ifExtreme : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
