using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Actors;
using Orchestrator.Api.Errors;
using Orchestrator.Model.Objects;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.PersistentActors;
using Orchestrator.Persistence.Snapshots;

namespace Orchestrator.Api.Entities;

/// <summary>
/// One object of the cluster, event-sourced: it validates each write against the stored object,
/// persists the new state as an event (whose journal revision becomes the resourceVersion), and only
/// then replies. Being an actor, it applies one write at a time, so read-modify-write (patch, delete
/// with preconditions, finalizers) is atomic without locks.
/// </summary>
public sealed class ResourceEntity : ReceivePersistentActor
{
    private readonly ResourceKey _key;
    private readonly EntitySettings _settings;
    private JsonObject? _object;
    private long _deletedTo;

    public ResourceEntity(ResourceKey key, EntitySettings settings)
    {
        _key = key;
        _settings = settings;
        Recover<ResourceCreated>(e => Restore(e.Object));
        Recover<ResourceUpdated>(e => Restore(e.Object));
        Recover<ResourceDeleted>(_ => _object = null);
        Command<CreateResource>(c => Handle(() => Create(c)));
        Command<UpdateResource>(c => Handle(() => Update(c)));
        Command<PatchResource>(c => Handle(() => Patch(c)));
        Command<DeleteResource>(c => Handle(() => Delete(c)));
        Command<BindPod>(c => Handle(() => Bind(c)));
        Command<ScaleResource>(c => Handle(() => Scale(c)));
        Command<GetResource>(_ => Sender.Tell(_object is null ? NotFound() : ResourceResult.Ok(JsonBytes.From(_object)), Self));
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(Passivate.Instance, Self));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => Context.Log.LogWarning(f.Cause, "{PersistenceId}: deleting old events failed", PersistenceId));
        Context.SetReceiveTimeout(settings.PassivateAfter);
    }

    public override string PersistenceId => _key.PersistenceId;

    /// <summary>No snapshots: every event holds the whole object, so the latest event is the snapshot.</summary>
    protected override SnapshotSelectionCriteria Recovery => SnapshotSelectionCriteria.None;

    private void Create(CreateResource command)
    {
        if (_object is not null)
        {
            throw StatusException.AlreadyExists(_key.Type, _key.Name);
        }

        if (command.DryRun)
        {
            Sender.Tell(ResourceResult.Created(JsonBytes.From(command.Object)), Self);
            return;
        }

        Persist(new ResourceCreated(command.Object) { Snapshot = Snapshot(command.Object) }, e => Sender.Tell(ResourceResult.Created(Store(e)), Self));
    }

    private void Update(UpdateResource command)
    {
        var old = _object ?? throw StatusException.NotFound(_key.Type, _key.Name);
        Write(command.Object, old, command.Subresource, command.DryRun);
    }

    private void Patch(PatchResource command)
    {
        var old = _object ?? throw StatusException.NotFound(_key.Type, _key.Name);
        var patched = command.Apply is { } apply
            ? ObjectWrites.ServerSideApply(_key.Type, old, command.Patch, apply, _settings.Time.GetUtcNow())
            : ObjectWrites.ApplyPatch(_key.Type, old, command.Kind, command.Patch);
        Write(patched, old, command.Subresource, command.DryRun);
    }

    private void Bind(BindPod command)
    {
        var old = _object ?? throw StatusException.NotFound(_key.Type, _key.Name);
        if (KubeObject.GetString(old, "spec", "nodeName") is { Length: > 0 } bound)
        {
            throw StatusException.Conflict(_key.Type, _key.Name, $"pod {_key.Name} is already assigned to node \"{bound}\"");
        }

        if (KubeObject.DeletionTimestamp(old) is not null)
        {
            throw StatusException.Conflict(_key.Type, _key.Name, "pod is being deleted, cannot be assigned to a host");
        }

        var assigned = old.DeepClone().AsObject();
        KubeObject.EnsureObject(assigned, "spec")["nodeName"] = command.NodeName;
        Persist(Updated(assigned), e =>
        {
            Store(e);
            Sender.Tell(new ResourceResult(201, JsonBytes.From(Http.HttpResponses.Success()), null), Self);
        });
    }

    private void Scale(ScaleResource command)
    {
        var old = _object ?? throw StatusException.NotFound(_key.Type, _key.Name);
        var current = Kinds.ScaleSubresource.ToScale(_key.Type, old);
        if (command.Scale is null && command.Patch is null)
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(current)), Self);
            return;
        }

        var scale = command.Scale ?? ApplyScalePatch(current, command.Kind!.Value, command.Patch!);
        if (KubeObject.ResourceVersion(scale) is { Length: > 0 } rv && rv != KubeObject.ResourceVersion(old))
        {
            throw StatusException.Conflict(_key.Type, _key.Name, "the object has been modified; please apply your changes to the latest version and try again");
        }

        var scaled = old.DeepClone().AsObject();
        var errors = Kinds.ScaleSubresource.ApplyScale(scaled, scale);
        if (!errors.IsEmpty)
        {
            throw StatusException.Invalid(_key.Type, _key.Name, errors);
        }

        ObjectWrites.PrepareUpdate(_key.Type, scaled, old, subresource: null);
        if (command.DryRun || ObjectWrites.Unchanged(scaled, old))
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(Kinds.ScaleSubresource.ToScale(_key.Type, command.DryRun ? scaled : old))), Self);
            return;
        }

        Persist(Updated(scaled), e =>
        {
            Store(e);
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(Kinds.ScaleSubresource.ToScale(_key.Type, e.Object))), Self);
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
        ObjectWrites.PrepareUpdate(_key.Type, obj, old, subresource);
        if (ObjectWrites.Unchanged(obj, old))
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(old)), Self);
            return;
        }

        if (dryRun)
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(obj)), Self);
            return;
        }

        // The last finalizer of an object being deleted is gone: the update completes the deletion.
        if (KubeObject.DeletionTimestamp(obj) is not null && GracefulDeletion.PendingFinalizers(_key.Type, obj).Count == 0 && !HasGracePending(obj))
        {
            PersistDeleted(obj);
            return;
        }

        Persist(Updated(obj), e => Sender.Tell(ResourceResult.Ok(Store(e)), Self));
    }

    private void Delete(DeleteResource command)
    {
        var current = _object ?? throw StatusException.NotFound(_key.Type, _key.Name);
        var options = command.Options;
        if (options.PreconditionUid is { Length: > 0 } uid && uid != KubeObject.Uid(current))
        {
            throw StatusException.Conflict(_key.Type, _key.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {KubeObject.Uid(current)}");
        }

        if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != KubeObject.ResourceVersion(current))
        {
            throw StatusException.Conflict(_key.Type, _key.Name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {KubeObject.ResourceVersion(current)}");
        }

        var grace = GracefulDeletion.GracePeriodSeconds(_key.Type, current, options.GracePeriodSeconds);
        var finalizers = GracefulDeletion.PendingFinalizers(_key.Type, current);
        if (grace == 0 && finalizers.Count == 0)
        {
            if (options.DryRun)
            {
                Sender.Tell(ResourceResult.Ok(JsonBytes.From(current)), Self);
                return;
            }

            PersistDeleted(current.DeepClone().AsObject());
            return;
        }

        // Graceful or finalized deletion: mark the object; the kubelet or the finalizers' owners finish it.
        var deleting = current.DeepClone().AsObject();
        var metadata = KubeObject.Metadata(deleting);
        var existingGrace = KubeObject.GetInt64(current, "metadata", "deletionGracePeriodSeconds");
        if (KubeObject.DeletionTimestamp(current) is null || (existingGrace is { } g && grace < g))
        {
            metadata["deletionTimestamp"] = ObjectWrites.Timestamp(_settings.Time.GetUtcNow().AddSeconds(grace));
            metadata["deletionGracePeriodSeconds"] = grace;
            GracefulDeletion.MarkDeleting(_key.Type, deleting);
        }

        if (options.DryRun || ObjectWrites.Unchanged(deleting, current))
        {
            Sender.Tell(ResourceResult.Ok(JsonBytes.From(deleting)), Self);
            return;
        }

        Persist(Updated(deleting), e => Sender.Tell(ResourceResult.Ok(Store(e)), Self));
    }

    private void PersistDeleted(JsonObject last) =>
        Persist(new ResourceDeleted(last) { Snapshot = Snapshot(last) }, e =>
        {
            _object = null;
            DeleteMessages(LastSequenceNr);
            _deletedTo = LastSequenceNr;
            Sender.Tell(ResourceResult.Ok(e.Snapshot!.JsonAt(LastRevision)), Self);
        });

    private ResourceSnapshot Snapshot(JsonObject obj) => ResourceSnapshot.Of(_key.Type, obj);

    private ResourceUpdated Updated(JsonObject obj) => new(obj) { Snapshot = Snapshot(obj) };

    /// <summary>Makes the persisted object the current state and returns it serialized for the reply.</summary>
    private byte[] Store(ResourceEvent e)
    {
        Restore(e.Object);
        if (LastSequenceNr - 1 - _deletedTo >= _settings.DeleteEventsEvery)
        {
            // Each event holds the whole object, so only the latest is needed to recover.
            _deletedTo = LastSequenceNr - 1;
            DeleteMessages(_deletedTo);
        }

        return e.Snapshot!.JsonAt(LastRevision);
    }

    private void Restore(JsonObject obj)
    {
        KubeObject.Metadata(obj)["resourceVersion"] = LastRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _object = obj;
    }

    /// <summary>Another owner wrote this object first (a brief double ownership): tell the client, then restart on the winning state.</summary>
    protected override void OnPersistRejected(JournalConflictException cause, object @event, long sequenceNr)
    {
        Sender.Tell(ResourceResult.Failed(StatusException.Conflict(_key.Type, _key.Name, "the object has been modified; please apply your changes to the latest version and try again")), Self);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    /// <summary>The journal failed: the client gets a 500 and the entity stops, to be recovered by the next command.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Sender.Tell(ResourceResult.Failed(StatusException.Internal($"storage write failed: {cause.Message}")), Self);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private static bool HasGracePending(JsonObject obj) => KubeObject.GetInt64(obj, "metadata", "deletionGracePeriodSeconds") is > 0;

    private ResourceResult NotFound() => ResourceResult.Failed(StatusException.NotFound(_key.Type, _key.Name));

    private void Handle(Action command)
    {
        try
        {
            command();
        }
        catch (StatusException e)
        {
            Sender.Tell(ResourceResult.Failed(e), Self);
        }
        catch (Exception e)
        {
            Context.Log.LogError(e, "{PersistenceId}: command failed", PersistenceId);
            Sender.Tell(ResourceResult.Failed(StatusException.Internal(e.Message)), Self);
        }
    }
}

/// <summary>An entity asks its shard to stop it; the shard holds the entity's messages until it has.</summary>
public sealed class Passivate
{
    public static readonly Passivate Instance = new();

    private Passivate()
    {
    }
}
