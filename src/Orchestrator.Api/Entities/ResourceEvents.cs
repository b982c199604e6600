using System.Text.Json.Nodes;
using Orchestrator.Persistence.Plugins;

namespace Orchestrator.Api.Entities;

/// <summary>
/// What an entity persists: the whole object after the change, stored as <c>{"Object":…}</c> without
/// its resourceVersion (the journal revision the event gets becomes it). Whole-object events make the
/// latest event alone enough to rebuild an object, which is what lets old ones be deleted and compacted.
/// </summary>
public abstract record ResourceEvent : IRevisionedEvent
{
    private static readonly byte[] Prefix = "{\"Object\":"u8.ToArray();

    protected ResourceEvent(byte[] payload) => Payload = payload;

    /// <summary>The stored form, <c>{"Object":<i>the object without its resourceVersion</i>}</c>.</summary>
    public byte[] Payload { get; }

    /// <summary>The journal revision the event was written at (see <see cref="IRevisionedEvent"/>); 0 before.</summary>
    public long Revision { get; init; }

    /// <summary>
    /// The writing entity's snapshot, when the event was written in this process: what the watch cache
    /// needs (labels, fields) without parsing the JSON again. Never stored.
    /// </summary>
    public ResourceSnapshot? Snapshot { get; init; }

    public IRevisionedEvent AtRevision(long revision) => this with { Revision = revision };

    /// <summary>The object as stored (without its resourceVersion), parsed.</summary>
    public JsonObject ParseObject()
    {
        var payload = Payload.AsSpan();
        if (payload.StartsWith(Prefix) && payload[^1] == (byte)'}')
        {
            return JsonNode.Parse(payload[Prefix.Length..^1])!.AsObject();
        }

        return JsonNode.Parse(payload)!["Object"]!.DeepClone().AsObject();
    }
}

public sealed record ResourceCreated : ResourceEvent
{
    public ResourceCreated(byte[] payload)
        : base(payload)
    {
    }

    public ResourceCreated(ResourceSnapshot snapshot)
        : base(snapshot.Payload) => Snapshot = snapshot;
}

public sealed record ResourceUpdated : ResourceEvent
{
    public ResourceUpdated(byte[] payload)
        : base(payload)
    {
    }

    public ResourceUpdated(ResourceSnapshot snapshot)
        : base(snapshot.Payload) => Snapshot = snapshot;
}

/// <summary>The object is gone; it carries its last state, which DELETED watch events show.</summary>
public sealed record ResourceDeleted : ResourceEvent
{
    public ResourceDeleted(byte[] payload)
        : base(payload)
    {
    }

    public ResourceDeleted(ResourceSnapshot snapshot)
        : base(snapshot.Payload) => Snapshot = snapshot;
}
