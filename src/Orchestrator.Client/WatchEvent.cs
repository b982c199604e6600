using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Client;

/// <summary>
/// One event of a watch: its type and the object (for <see cref="WatchEventType.Error"/> a Status, for
/// <see cref="WatchEventType.Resync"/> the list without items, which are in <see cref="Items"/>).
/// </summary>
public sealed record WatchEvent(WatchEventType Type, JsonObject Object)
{
    /// <summary>The listed objects of a <see cref="WatchEventType.Resync"/>; empty otherwise.</summary>
    public IReadOnlyList<JsonObject> Items { get; init; } = [];

    /// <summary>The object's (or bookmark's, or list's) metadata.resourceVersion.</summary>
    public string? ResourceVersion => KubeObject.ResourceVersion(Object);

    /// <summary>The Status of an <see cref="WatchEventType.Error"/> event.</summary>
    public KubeStatus? Status => Type == WatchEventType.Error ? KubeStatus.FromJson(Object) : null;

    /// <summary>Reads a {"type", "object"} frame; null for a type this client does not know (skipped, as newer servers may add some).</summary>
    /// <exception cref="JsonException">The frame is not a watch event.</exception>
    internal static WatchEvent? FromFrame(JsonObject frame)
    {
        var typeName = frame["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String
            ? t.GetValue<string>()
            : throw new JsonException("watch event without a type");
        if (frame["object"] is not JsonObject obj)
        {
            throw new JsonException($"watch event {typeName} without an object");
        }

        WatchEventType? type = typeName switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        frame.Remove("object");
        return new WatchEvent(type.Value, obj);
    }
}
