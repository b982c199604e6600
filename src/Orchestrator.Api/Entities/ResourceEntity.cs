using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Api.Entities;

/// <summary>
/// One object of the cluster, an Akka.Persistence actor hosted by the gateway's shard region: it
/// checks each write against the stored object, persists the new state as an event (whose journal
/// revision becomes the resourceVersion) and only then replies. Being an actor, it applies one write
/// at a time, so read-modify-write (patch, delete with preconditions, finalizers) is atomic without locks.
/// It keeps the object serialized (a fraction of a JSON tree's memory) and parses it for each write.
/// <para>
/// It dispatches with a switch rather than as a ReceivePersistentActor: that one builds its handler
/// tables (a dozen delegates, match builders and a compiled matcher's arguments, about 1.5 KB) in every
/// instance's constructor, and there is one instance per object written.
/// </para>
/// </summary>
public sealed class ResourceEntity : PersistentActor
{
    /// <summary>No snapshots: every event holds the whole object, so the latest event is the snapshot.</summary>
    private static readonly Recovery NoSnapshots = new(SnapshotSelectionCriteria.None);

    private readonly ResourceKey _key;
    private readonly ResourceType _type;
    private readonly EntitySettings _settings;

    /// <summary>The stored object without its resourceVersion; null when there is none.</summary>
    private ResourceSnapshot? _snapshot;

    /// <summary>The revision of the last event: the object's resourceVersion.</summary>
    private long _revision;
    private long _deletedTo;

    public ResourceEntity(ResourceKey key, ResourceType type, EntitySettings settings)
    {
        _key = key;
        _type = type;
        _settings = settings;

        // Akka asks the snapshot store even when recovery wants no snapshot; this store answers at once.
        SnapshotPluginId = "akka.persistence.no-snapshot-store";
    }

    public override string PersistenceId => _key.PersistenceId;

    /// <summary>No snapshots: every event holds the whole object, so the latest event is the snapshot.</summary>
    public override Recovery Recovery => NoSnapshots;

    protected override bool ReceiveRecover(object message)
    {
        if (message is ResourceEvent && _revision == 0)
        {
            // The first event replayed follows the last one deleted: count from there, so that an entity
            // recovered for every write does not delete again what is already gone.
            _deletedTo = LastSequenceNr - 1;
        }

        switch (message)
        {
            case ResourceDeleted e:
                Restore(e, null);
                return true;
            case ResourceEvent e:
                // The stored bytes are the snapshot's payload already: parse them for the fields, not to write them again.
                var obj = e.ParseObject();
                Restore(e, ResourceSnapshot.FromPayload(_type, e.Payload, obj) ?? Snapshot(obj));
                return true;
            case RecoveryCompleted:
                return true;
            default:
                return false;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case CreateResource c:
                Handle(c, static (entity, c) => entity.Create(c));
                break;
            case UpdateResource c:
                Handle(c, static (entity, c) => entity.Update(c));
                break;
            case PatchResource c:
                Handle(c, static (entity, c) => entity.Patch(c));
                break;
            case DeleteResource c:
                Handle(c, static (entity, c) => entity.Delete(c));
                break;
            case BindPod c:
                Handle(c, static (entity, c) => entity.Bind(c));
                break;
            case ScaleResource c:
                Handle(c, static (entity, c) => entity.Scale(c));
                break;
            case GetResource:
                Sender.Tell(_snapshot is null ? NotFound() : ResourceResult.Ok(Json()));
                break;
            case StopEntity:
                Context.Stop(Self);
                return true;
            case DeleteMessagesSuccess:
                return true;
            case DeleteMessagesFailure f:
                Context.GetLogger().Warning(f.Cause, "{0}: deleting old events failed", PersistenceId);
                return true;
            default:
                return false;
        }

        if (_settings.PassivateWhenIdle)
        {
            // Answered (or persisting, and the stop waits behind the write): the journal and the watch cache hold
            // the object, so the entity has nothing to keep. The next command recovers it with one journal read.
            Context.Parent.Tell(new Passivate(StopEntity.Instance));
        }

        return true;
    }

    /// <summary>The shard region's props for an entity id (a persistence id).</summary>
    public static Props PropsFor(string entityId, ResourceRegistry registry, EntitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!ResourceKey.TryParse(entityId, out var key) || registry.Find(key.Group, key.Plural) is not { } type)
        {
            throw new ArgumentException($"\"{entityId}\" names no served resource type", nameof(entityId));
        }

        // A producer rather than Props.Create(() => new ResourceEntity(...)): the expression form builds an
        // expression tree per call and creates the actor by reflection, and this runs for every entity started.
        return Props.CreateBy(new Producer(key, type, settings));
    }

    private void Create(CreateResource command)
    {
        if (_snapshot is not null)
        {
            throw StatusException.AlreadyExists(_type, _key.Name);
        }

        var obj = Parse(command.Object);
        if (command.DryRun)
        {
            Sender.Tell(ResourceResult.Created(JsonBytes.From(obj)));
            return;
        }

        // The write path sent the object as it is to be stored: wrap its bytes rather than serialize the tree again.
        var snapshot = ResourceSnapshot.FromJson(_type, command.Object, obj) ?? Snapshot(obj);
        Persist(new ResourceCreated(snapshot), e => Sender.Tell(ResourceResult.Created(Store(e))));
    }

    private void Update(UpdateResource command)
    {
        var old = Current() ?? throw StatusException.NotFound(_type, _key.Name);
        Write(Parse(command.Object), old, command.Subresource, command.DryRun);
    }

    private void Patch(PatchResource command)
    {
        var old = Current() ?? throw StatusException.NotFound(_type, _key.Name);
        var patch = JsonNode.Parse(command.Patch) ?? throw StatusException.BadRequest("the patch is JSON null");
        var patched = command.Apply is { } apply
            ? ObjectWrites.ServerSideApply(_type, old, patch, apply, _settings.Time.GetUtcNow())
            : ObjectWrites.ApplyPatch(_type, old, command.Kind, patch);
        Write(patched, Current()!, command.Subresource, command.DryRun);
    }

    private void Bind(BindPod command)
    {
        var old = Current() ?? throw StatusException.NotFound(_type, _key.Name);
        if (KubeObject.GetString(old, "spec", "nodeName") is { Length: > 0 } bound)
        {
            throw StatusException.Conflict(_type, _key.Name, $"pod {_key.Name} is already assigned to node \"{bound}\"");
        }

        if (KubeObject.DeletionTimestamp(old) is not null)
        {
            throw StatusException.Conflict(_type, _key.Name, "pod is being deleted, cannot be assigned to a host");
        }

        KubeObject.EnsureObject(old, "spec")["nodeName"] = command.NodeName;
        Persist(Updated(old), e =>
        {
            Store(e);
            Sender.Tell(ResourceResult.Done());
        });
    }

    private void Scale(ScaleResource command)
    {
        var old = Current() ?? throw StatusException.NotFound(_type, _key.Name);
        var current = Kinds.ScaleSubresource.ToScale(_type, old);
        if (command.Scale is null && command.Patch is null)
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(current)));
            return;
        }

        var scale = command.Scale is { } replacement
            ? Parse(replacement)
            : ApplyScalePatch(current, command.Kind!.Value, JsonNode.Parse(command.Patch!) ?? throw StatusException.BadRequest("the patch is JSON null"));
        if (KubeObject.ResourceVersion(scale) is { Length: > 0 } rv && rv != KubeObject.ResourceVersion(old))
        {
            throw StatusException.Conflict(_type, _key.Name, "the object has been modified; please apply your changes to the latest version and try again");
        }

        var scaled = Current()!;
        var errors = Kinds.ScaleSubresource.ApplyScale(scaled, scale);
        if (!errors.IsEmpty)
        {
            throw StatusException.Invalid(_type, _key.Name, errors);
        }

        ObjectWrites.PrepareUpdate(_type, scaled, old, subresource: null);
        if (command.DryRun || ObjectWrites.Unchanged(scaled, old))
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(Kinds.ScaleSubresource.ToScale(_type, command.DryRun ? scaled : old))));
            return;
        }

        Persist(Updated(scaled), e =>
        {
            Store(e);
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(Kinds.ScaleSubresource.ToScale(_type, Current()!))));
        });
    }

    private static JsonObject ApplyScalePatch(JsonObject scale, PatchKind kind, JsonNode patch)
    {
        try
        {
            // A Scale has no lists, so a strategic merge patch is a plain merge patch here.
            var patched = kind == PatchKind.Json && patch is JsonArray operations
                ? Model.Patching.JsonPatch.Apply(scale, operations)
                : Model.Patching.JsonMergePatch.Apply(scale, patch);
            return patched as JsonObject ?? throw StatusException.BadRequest("the patch did not produce a Scale object");
        }
        catch (Model.Patching.PatchException e)
        {
            throw new StatusException(422, "Invalid", e.Message);
        }
    }

    private void Write(JsonObject obj, JsonObject old, string? subresource, bool dryRun)
    {
        ObjectWrites.PrepareUpdate(_type, obj, old, subresource);
        if (ObjectWrites.Unchanged(obj, old))
        {
            Sender.Tell(ResourceResult.Ok(Json()));
            return;
        }

        if (dryRun)
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(obj)));
            return;
        }

        // The last finalizer of an object being deleted is gone: the update completes the deletion.
        if (KubeObject.DeletionTimestamp(obj) is not null && _type.Strategy.PendingFinalizers(obj).Count == 0 && !HasGracePending(obj))
        {
            PersistDeleted(obj);
            return;
        }

        Persist(Updated(obj), e => Sender.Tell(ResourceResult.Ok(Store(e))));
    }

    private void Delete(DeleteResource command)
    {
        var current = Current() ?? throw StatusException.NotFound(_type, _key.Name);
        var options = command.Options;
        if (options.PreconditionUid is { Length: > 0 } uid && uid != KubeObject.Uid(current))
        {
            throw StatusException.Conflict(_type, _key.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {KubeObject.Uid(current)}");
        }

        if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != KubeObject.ResourceVersion(current))
        {
            throw StatusException.Conflict(_type, _key.Name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {KubeObject.ResourceVersion(current)}");
        }

        // The garbage collector's finalizers for the propagation policy: an owner held for its dependents.
        var deleting = Current()!;
        Writes.DeletionPropagation.ApplyFinalizers(deleting, options.PropagationPolicy, _type.Strategy.DefaultGarbageCollectionPolicy);

        // Kinds without graceful deletion, and objects with nothing to stop, go at once whatever was asked.
        var grace = _type.Strategy.DefaultGracePeriodSeconds(current) is { } defaultGrace ? Math.Max(0, options.GracePeriodSeconds ?? defaultGrace) : 0;
        var finalizers = _type.Strategy.PendingFinalizers(deleting);
        if (grace == 0 && finalizers.Count == 0)
        {
            if (options.DryRun)
            {
                Sender.Tell(ResourceResult.Ok(Json()));
                return;
            }

            PersistDeleted(current);
            return;
        }

        // Graceful or finalized deletion: mark the object; the kubelet or the finalizers' owners finish it.
        var metadata = KubeObject.Metadata(deleting);
        var existingGrace = KubeObject.GetInt64(current, "metadata", "deletionGracePeriodSeconds");
        if (KubeObject.DeletionTimestamp(current) is null || (existingGrace is { } g && grace < g))
        {
            metadata["deletionTimestamp"] = ObjectWrites.Timestamp(_settings.Time.GetUtcNow().AddSeconds(grace));
            metadata["deletionGracePeriodSeconds"] = grace;
            _type.Strategy.PrepareForDelete(deleting);
        }

        if (options.DryRun || ObjectWrites.Unchanged(deleting, current))
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(deleting)));
            return;
        }

        Persist(Updated(deleting), e => Sender.Tell(ResourceResult.Ok(Store(e))));
    }

    private void PersistDeleted(JsonObject last) =>
        Persist(new ResourceDeleted(Snapshot(last)), e =>
        {
            Restore(e, null);
            DeleteMessages(LastSequenceNr);
            _deletedTo = LastSequenceNr;
            Sender.Tell(ResourceResult.Ok(e.Snapshot!.JsonAt(e.Revision)));

            // Nothing left to guard: free the memory now rather than after the idle timeout.
            Context.Parent.Tell(new Passivate(StopEntity.Instance));
        });

    private ResourceSnapshot Snapshot(JsonObject obj) => ResourceSnapshot.Of(_type, obj);

    private ResourceUpdated Updated(JsonObject obj) => new(Snapshot(obj));

    /// <summary>Makes the persisted object the current state and returns it serialized for the reply.</summary>
    private byte[] Store(ResourceEvent e)
    {
        Restore(e, e.Snapshot);
        if (LastSequenceNr - 1 - _deletedTo >= _settings.DeleteEventsEvery)
        {
            // Each event holds the whole object, so only the latest is needed to recover.
            _deletedTo = LastSequenceNr - 1;
            DeleteMessages(_deletedTo);
        }

        return Json();
    }

    private void Restore(ResourceEvent e, ResourceSnapshot? snapshot)
    {
        _snapshot = snapshot;
        _revision = e.Revision;
    }

    /// <summary>The object with its resourceVersion, serialized.</summary>
    private byte[] Json() => _snapshot!.JsonAt(_revision);

    /// <summary>A fresh tree of the current object (with its resourceVersion), which the caller may change; null when there is none.</summary>
    private JsonObject? Current() => _snapshot is null ? null : Parse(Json());

    private static JsonObject Parse(byte[] json) =>
        JsonNode.Parse(json) as JsonObject ?? throw StatusException.BadRequest("the object must be a JSON object");

    /// <summary>Another owner wrote this object first (a brief double ownership), or the event is too large: tell the client, then restart on what the journal holds.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Sender.Tell(ResourceResult.Failed(cause is EventTooLargeException tooLarge
            ? StatusException.TooLarge($"the object is too large to store: {tooLarge.Message}")
            : StatusException.Conflict(_type, _key.Name, "the object has been modified; please apply your changes to the latest version and try again")));
        throw new InvalidOperationException($"{PersistenceId}: the journal rejected the write; recovering", cause);
    }

    /// <summary>The journal failed: the client gets a 500 and the entity stops, to be recovered by the next command.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Sender.Tell(ResourceResult.Failed(StatusException.Internal($"storage write failed: {cause.Message}")));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private static bool HasGracePending(JsonObject obj) => KubeObject.GetInt64(obj, "metadata", "deletionGracePeriodSeconds") is > 0;

    private ResourceResult NotFound() => ResourceResult.Failed(StatusException.NotFound(_type, _key.Name));

    private void Handle<TCommand>(TCommand command, Action<ResourceEntity, TCommand> handler)
    {
        try
        {
            handler(this, command);
        }
        catch (StatusException e)
        {
            Sender.Tell(ResourceResult.Failed(e));
        }
        catch (Exception e)
        {
            Context.GetLogger().Error(e, "{0}: command failed", PersistenceId);
            Sender.Tell(ResourceResult.Failed(StatusException.Internal(e.Message)));
        }
    }

    private sealed class Producer(ResourceKey key, ResourceType type, EntitySettings settings) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ResourceEntity);

        public ActorBase Produce() => new ResourceEntity(key, type, settings);

        public void Release(ActorBase actor)
        {
        }
    }
}
