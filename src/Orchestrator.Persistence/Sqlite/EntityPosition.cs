namespace Orchestrator.Persistence.Sqlite;

/// <summary>Where an entity's stream ends: what the writer must know to check and chain its next write.</summary>
internal readonly record struct EntityPosition(long HighestSequenceNr, long LastRevision);
