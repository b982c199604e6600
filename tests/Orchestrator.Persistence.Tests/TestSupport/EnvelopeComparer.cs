namespace Orchestrator.Persistence.Tests.TestSupport;

/// <summary>Compares envelopes by value, payload bytes included (records compare arrays by reference).</summary>
public sealed class EnvelopeComparer : IEqualityComparer<StoredEvent>
{
    public static EnvelopeComparer Instance { get; } = new();

    public bool Equals(StoredEvent? x, StoredEvent? y) =>
        x is not null && y is not null
        && x.PersistenceId == y.PersistenceId
        && x.SequenceNr == y.SequenceNr
        && x.Revision == y.Revision
        && x.Manifest == y.Manifest
        && x.Timestamp == y.Timestamp
        && x.Payload.AsSpan().SequenceEqual(y.Payload);

    public int GetHashCode(StoredEvent obj) => HashCode.Combine(obj.PersistenceId, obj.Revision);
}
