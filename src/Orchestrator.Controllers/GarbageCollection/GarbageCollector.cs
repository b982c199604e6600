using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.GarbageCollection;

/// <summary>
/// Kubernetes' garbage collector. It watches every resource the API serves that can be listed, watched and
/// deleted (found by discovery, again every discovery period; events excepted, as in Kubernetes), keeps a graph
/// of ownerReferences, and:
/// <list type="bullet">
/// <item>Background: deletes an object none of whose owners exists any more — absence (or a uid of another
/// object) checked with a live GET, not only the cache — and removes the references to missing owners from an
/// object that still has a live one;</item>
/// <item>Foreground: for an owner being deleted with the foregroundDeletion finalizer, deletes its dependents
/// (those with dependents of their own in the foreground too) and removes the finalizer once no dependent
/// blocking its deletion (blockOwnerDeletion) is left, which lets the API remove it;</item>
/// <item>Orphan: for an owner being deleted with the orphan finalizer, removes the references to it from its
/// dependents, then the finalizer.</item>
/// </list>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns when it stops.")]
public sealed class GarbageCollector : ControllerActor
{
    public const string ControllerName = "garbage-collector-controller";
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    private const string DiscoveryTimer = "discovery";

    private readonly GarbageCollectorSettings _settings;
    private readonly OwnerGraph _graph = new();
    private readonly ConcurrentDictionary<string, (ResourceRef Resource, Lister Lister)> _watched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Group, string Kind), ResourceRef> _byKind = new();
    private readonly CancellationTokenSource _stopping = new();

    public GarbageCollector(ControllerContext context, GarbageCollectorSettings settings)
        : base(context, ControllerName, settings.ConcurrentSyncs)
    {
        _settings = settings;
        Self.Tell(Discover.Instance);
    }

    public static Props Props(ControllerContext context, GarbageCollectorSettings settings) =>
        Akka.Actor.Props.Create(() => new GarbageCollector(context, settings));

    protected override void OnMessage(object message)
    {
        switch (message)
        {
            case Discover:
                DiscoverAsync(_stopping.Token).PipeTo(Self, success: found => new Discovered(found), failure: e => new DiscoveryFailed(e));
                break;
            case Discovered d:
                foreach (var (resource, kind) in d.Resources)
                {
                    _byKind[(resource.Group, kind)] = resource;
                    var name = ObjectKeys.ResourceName(resource);
                    if (!_watched.ContainsKey(name))
                    {
                        var lister = WatchLater(new InformerKey(resource), e => KeysOf(resource, e));
                        _watched[name] = (resource, lister);
                    }
                }

                Timers.StartSingleTimer(DiscoveryTimer, Discover.Instance, _settings.DiscoveryPeriod);
                break;
            case DiscoveryFailed f:
                Log.Warning("{0}: discovering the API's resources failed, again in {1}: {2}", Name, _settings.DiscoveryPeriod, f.Error.Message);
                Timers.StartSingleTimer(DiscoveryTimer, Discover.Instance, _settings.DiscoveryPeriod);
                break;
            default:
                base.OnMessage(message);
                break;
        }
    }

    protected override void OnStopped() => _stopping.Cancel();

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (resourceName, ns, name) = ObjectKeys.Split(key);
        if (!_watched.TryGetValue(resourceName, out var watched) || watched.Lister.Get(ns, name) is not { } obj)
        {
            return;
        }

        if (KubeObject.DeletionTimestamp(obj) is not null)
        {
            var finalizers = KubeObject.Finalizers(obj);
            if (finalizers.Contains(OrphanFinalizer))
            {
                await OrphanDependentsAsync(watched.Resource, obj, cancellationToken);
            }
            else if (finalizers.Contains(ForegroundFinalizer))
            {
                await DeleteDependentsFirstAsync(watched.Resource, obj, cancellationToken);
            }

            // Otherwise it is going anyway: nothing to collect.
            return;
        }

        if (OwnerGraph.OwnerReferences(obj).Count > 0)
        {
            await AttemptToDeleteAsync(watched.Resource, obj, cancellationToken);
        }
    }

    /// <summary>Kubernetes' attemptToDeleteItem: an object whose owners are all gone (or all waiting for their dependents) is deleted.</summary>
    private async Task AttemptToDeleteAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken)
    {
        var ns = KubeObject.Namespace(obj);
        var solid = false;
        var dangling = new List<string>();
        var waiting = new List<string>();
        foreach (var reference in OwnerGraph.OwnerReferences(obj))
        {
            var uid = reference["uid"]?.ToString() ?? "";
            switch (await OwnerStateAsync(reference, ns, cancellationToken))
            {
                case OwnerState.Absent:
                    dangling.Add(uid);
                    break;
                case OwnerState.WaitingForDependents:
                    waiting.Add(uid);
                    break;
                default:
                    solid = true;
                    break;
            }
        }

        if (solid)
        {
            // A live owner keeps it; references to owners that are gone (or deleting dependents) are dropped.
            if (dangling.Count + waiting.Count > 0)
            {
                await RemoveOwnerReferencesAsync(resource, obj, [.. dangling, .. waiting], cancellationToken);
            }

            return;
        }

        string policy;
        if (waiting.Count > 0 && HasDependents(obj))
        {
            // Its owner waits for it, and it has dependents of its own: they go first, in turn.
            policy = "Foreground";
        }
        else
        {
            var finalizers = KubeObject.Finalizers(obj);
            policy = finalizers.Contains(OrphanFinalizer) ? "Orphan" : finalizers.Contains(ForegroundFinalizer) ? "Foreground" : "Background";
        }

        Log.Info("{0}: deleting {1} ({2}), propagation {3}", Name, $"{resource} {ns}/{KubeObject.Name(obj)}",
            $"owners gone: {dangling.Count}, owners deleting dependents: {waiting.Count}", policy);
        try
        {
            await Client.DeleteAsync(resource, ns, KubeObject.Name(obj)!, new DeleteOptions { PropagationPolicy = policy, PreconditionUid = KubeObject.Uid(obj) }, cancellationToken);
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or another object of that name now.
        }
    }

    /// <summary>Foreground deletion: the dependents go; once none blocks the owner, its foregroundDeletion finalizer goes.</summary>
    private async Task DeleteDependentsFirstAsync(ResourceRef resource, JsonObject owner, CancellationToken cancellationToken)
    {
        var uid = KubeObject.Uid(owner)!;
        var dependents = Dependents(uid);
        var blocking = dependents.Where(d => OwnerGraph.OwnerReferences(d.Object).Any(r => r["uid"]?.ToString() == uid && r["blockOwnerDeletion"]?.GetValue<bool>() == true)).ToList();
        if (blocking.Count == 0)
        {
            await RemoveFinalizerAsync(resource, owner, ForegroundFinalizer, cancellationToken);
            return;
        }

        // Each dependent finds its owner waiting and deletes itself; each deletion brings the owner back here.
        foreach (var (key, dependent) in dependents)
        {
            if (KubeObject.DeletionTimestamp(dependent) is null)
            {
                Enqueue(key);
            }
        }
    }

    /// <summary>Orphan deletion: the dependents lose their references to the owner, then the owner its orphan finalizer.</summary>
    private async Task OrphanDependentsAsync(ResourceRef resource, JsonObject owner, CancellationToken cancellationToken)
    {
        var uid = KubeObject.Uid(owner)!;
        foreach (var (key, dependent) in Dependents(uid))
        {
            var (dependentResource, _, _) = ObjectKeys.Split(key);
            await RemoveOwnerReferencesAsync(_watched[dependentResource].Resource, dependent, [uid], cancellationToken);
        }

        await RemoveFinalizerAsync(resource, owner, OrphanFinalizer, cancellationToken);
    }

    private enum OwnerState
    {
        Solid,
        Absent,
        WaitingForDependents,
    }

    /// <summary>
    /// Whether the owner a reference names exists (the cache first; a miss or another uid verified with a live
    /// GET, as the cache may lag), and whether it is being deleted in the foreground. An owner of a kind the API
    /// does not serve counts as existing: nothing is deleted on a guess.
    /// </summary>
    private async Task<OwnerState> OwnerStateAsync(JsonObject reference, string? ns, CancellationToken cancellationToken)
    {
        var apiVersion = reference["apiVersion"]?.ToString() ?? "";
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        var kind = reference["kind"]?.ToString() ?? "";
        var name = reference["name"]?.ToString() ?? "";
        var uid = reference["uid"]?.ToString() ?? "";
        if (!_byKind.TryGetValue((group, kind), out var resource))
        {
            Log.Warning("{0}: an ownerReference names {1}, which the API does not serve; keeping its dependents", Name, $"{apiVersion} {kind}");
            return OwnerState.Solid;
        }

        if (resource.Namespaced && string.IsNullOrEmpty(ns))
        {
            // A cluster-scoped object cannot be owned by a namespaced one.
            return OwnerState.Absent;
        }

        var ownerNs = resource.Namespaced ? ns : null;
        var owner = _watched.TryGetValue(ObjectKeys.ResourceName(resource), out var watched) ? watched.Lister.Get(ownerNs, name) : null;
        if (owner is null || KubeObject.Uid(owner) != uid)
        {
            try
            {
                owner = await Client.GetAsync(resource, ownerNs, name, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return OwnerState.Absent;
            }

            if (KubeObject.Uid(owner) != uid)
            {
                return OwnerState.Absent;
            }
        }

        return KubeObject.DeletionTimestamp(owner) is not null && KubeObject.Finalizers(owner).Contains(ForegroundFinalizer)
            ? OwnerState.WaitingForDependents
            : OwnerState.Solid;
    }

    /// <summary>Removes the references to <paramref name="uids"/> from the object, as it is now in the API.</summary>
    private async Task RemoveOwnerReferencesAsync(ResourceRef resource, JsonObject obj, IReadOnlyCollection<string> uids, CancellationToken cancellationToken)
    {
        var ns = KubeObject.Namespace(obj);
        var name = KubeObject.Name(obj)!;
        try
        {
            var current = await Client.GetAsync(resource, ns, name, cancellationToken);
            if (KubeObject.Uid(current) != KubeObject.Uid(obj))
            {
                return;
            }

            var references = OwnerGraph.OwnerReferences(current);
            var kept = references.Where(r => !uids.Contains(r["uid"]?.ToString() ?? "")).ToList();
            if (kept.Count == references.Count)
            {
                return;
            }

            await Client.PatchAsync(resource, ns, name, PatchType.Json, Guarded(current, kept.Count == 0
                ? new JsonObject { ["op"] = "remove", ["path"] = "/metadata/ownerReferences" }
                : new JsonObject { ["op"] = "replace", ["path"] = "/metadata/ownerReferences", ["value"] = new JsonArray([.. kept.Select(r => r.DeepClone())]) }), cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>Removes one finalizer from the object, as it is now in the API (the last one gone, the API removes the object).</summary>
    private async Task RemoveFinalizerAsync(ResourceRef resource, JsonObject obj, string finalizer, CancellationToken cancellationToken)
    {
        var ns = KubeObject.Namespace(obj);
        var name = KubeObject.Name(obj)!;
        try
        {
            var current = await Client.GetAsync(resource, ns, name, cancellationToken);
            var finalizers = KubeObject.Finalizers(current);
            if (KubeObject.Uid(current) != KubeObject.Uid(obj) || !finalizers.Contains(finalizer))
            {
                return;
            }

            var kept = finalizers.Where(f => f != finalizer).ToList();
            await Client.PatchAsync(resource, ns, name, PatchType.Json, Guarded(current, kept.Count == 0
                ? new JsonObject { ["op"] = "remove", ["path"] = "/metadata/finalizers" }
                : new JsonObject { ["op"] = "replace", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray([.. kept.Select(f => JsonValue.Create(f))]) }), cancellationToken: cancellationToken);
            Log.Info("{0}: removed the {1} finalizer of {2} {3}/{4}", Name, finalizer, resource, ns, name);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>A JSON patch applied only to the version read (a change in between fails it, and the sync is retried).</summary>
    private static JsonArray Guarded(JsonObject current, JsonObject operation) =>
    [
        new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = KubeObject.ResourceVersion(current) },
        operation,
    ];

    /// <summary>The cached objects that still name <paramref name="uid"/> as an owner, with their keys.</summary>
    private List<(string Key, JsonObject Object)> Dependents(string uid)
    {
        var result = new List<(string, JsonObject)>();
        foreach (var key in _graph.DependentsOf(uid))
        {
            var (resourceName, ns, name) = ObjectKeys.Split(key);
            if (_watched.TryGetValue(resourceName, out var watched) && watched.Lister.Get(ns, name) is { } dependent
                && OwnerGraph.OwnerUids(dependent).Contains(uid))
            {
                result.Add((key, dependent));
            }
        }

        return result;
    }

    private bool HasDependents(JsonObject obj) => KubeObject.Uid(obj) is { } uid && Dependents(uid).Count > 0;

    /// <summary>Feeds the graph with one informer event (on the actor) and names the objects to look at.</summary>
    private List<string> KeysOf(ResourceRef resource, InformerEvent e)
    {
        var key = ObjectKeys.For(resource, KubeObject.Namespace(e.Object), KubeObject.Name(e.Object)!);
        var keys = new List<string>();
        switch (e.Type)
        {
            case InformerEventType.Deleted:
                _graph.Observe(key, e.Object, null);

                // Its dependents may have lost their last owner; an owner deleting its dependents may be done.
                keys.AddRange(_graph.DependentsOf(KubeObject.Uid(e.Object)));
                keys.AddRange(OwnerGraph.OwnerUids(e.Object).Select(_graph.KeyOf).OfType<string>());
                break;
            default:
                _graph.Observe(key, e.OldObject, e.Object);
                var referencesChanged = e.OldObject is not { } old
                    || !JsonNode.DeepEquals(KubeObject.Get(old, "metadata", "ownerReferences"), KubeObject.Get(e.Object, "metadata", "ownerReferences"));

                // As Kubernetes' graph builder: an object is looked at when its references change to an owner not
                // seen (or going), not on every update of it (a lease renewed, a pod's status).
                if ((referencesChanged && OwnerGraph.OwnerUids(e.Object).Any(OwnerMayBeGoneOrGoing))
                    || (KubeObject.DeletionTimestamp(e.Object) is not null && KubeObject.Finalizers(e.Object).Any(f => f is OrphanFinalizer or ForegroundFinalizer)))
                {
                    keys.Add(key);
                }

                // References dropped (or no longer blocking): the owners they named may be waiting on them.
                if (e.OldObject is { } previous && referencesChanged)
                {
                    keys.AddRange(OwnerGraph.OwnerUids(previous).Select(_graph.KeyOf).OfType<string>());
                }

                break;
        }

        return keys;
    }

    /// <summary>An owner not seen in any informer, or seen being deleted: its dependents need a look.</summary>
    private bool OwnerMayBeGoneOrGoing(string uid)
    {
        if (_graph.KeyOf(uid) is not { } key)
        {
            return true;
        }

        var (resourceName, ns, name) = ObjectKeys.Split(key);
        return !_watched.TryGetValue(resourceName, out var watched) || watched.Lister.Get(ns, name) is not { } owner || KubeObject.DeletionTimestamp(owner) is not null;
    }

    /// <summary>
    /// The resources to watch, from discovery (as the namespace controller finds them): every resource, namespaced
    /// or not, that can be listed, watched and deleted, with its kind; events are left out, as in Kubernetes.
    /// </summary>
    private async Task<List<(ResourceRef Resource, string Kind)>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var resources = new List<(ResourceRef, string)>();
        var groupVersions = new List<(string Group, string Version, string Path)> { ("", "v1", "/api/v1") };
        if (JsonNode.Parse(await Client.GetRawAsync("/apis", cancellationToken)) is JsonObject groups && groups["groups"] is JsonArray list)
        {
            foreach (var group in list.OfType<JsonObject>())
            {
                var name = group["name"]?.GetValue<string>() ?? "";
                var version = group["preferredVersion"]?["version"]?.GetValue<string>() ?? "";
                groupVersions.Add((name, version, $"/apis/{name}/{version}"));
            }
        }

        foreach (var (group, version, path) in groupVersions)
        {
            if (JsonNode.Parse(await Client.GetRawAsync(path, cancellationToken)) is not JsonObject document || document["resources"] is not JsonArray entries)
            {
                continue;
            }

            foreach (var entry in entries.OfType<JsonObject>())
            {
                var plural = entry["name"]?.GetValue<string>() ?? "";
                var verbs = entry["verbs"] is JsonArray v ? v.Select(x => x?.ToString()).ToHashSet() : [];
                if (!plural.Contains('/', StringComparison.Ordinal) && plural != "events"
                    && verbs.Contains("list") && verbs.Contains("watch") && verbs.Contains("delete"))
                {
                    resources.Add((new ResourceRef(group, version, plural, entry["namespaced"]?.GetValue<bool>() == true), entry["kind"]?.GetValue<string>() ?? ""));
                }
            }
        }

        return resources;
    }

    private sealed record Discover
    {
        public static readonly Discover Instance = new();
    }

    private sealed record Discovered(List<(ResourceRef Resource, string Kind)> Resources) : INoSerializationVerificationNeeded;

    private sealed record DiscoveryFailed(Exception Error) : INoSerializationVerificationNeeded;
}
