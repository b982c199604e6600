using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;
using Orchestrator.Client.Informers;

namespace Orchestrator.Controllers.Namespaces;

/// <summary>
/// Kubernetes' namespace controller: when a namespace is deleted (Terminating), deletes everything in
/// it, and once nothing is left removes the "kubernetes" finalizer through the finalize subresource,
/// which lets the API remove the namespace. It talks to the cluster only through the API.
/// </summary>
public sealed class NamespaceController : ControllerActor
{
    public const string ControllerName = "namespace-controller";

    private const string Finalizer = "kubernetes";

    private readonly Lister _namespaces;
    private readonly TimeSpan _contentRemainingRetry;

    // Discovered once and then shared by the concurrent reconciles; two racing discoveries find the same.
    private volatile IReadOnlyList<ResourceRef>? _namespacedResources;

    public NamespaceController(ControllerContext context, NamespaceControllerSettings settings)
        : base(context, ControllerName, settings.ConcurrentSyncs)
    {
        _contentRemainingRetry = settings.ContentRemainingRetry;

        // Only a Terminating namespace has anything to do.
        _namespaces = Watch(ResourceRef.Namespaces, e =>
            e.Type != InformerEventType.Deleted && KubeObject.DeletionTimestamp(e.Object) is not null ? [ObjectKey.Of(e.Object)] : []);
    }

    public static Props Props(ControllerContext context, NamespaceControllerSettings settings) =>
        Akka.Actor.Props.Create(() => new NamespaceController(context, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_namespaces.GetByKey(key) is not { } ns || KubeObject.DeletionTimestamp(ns) is null)
        {
            return;
        }

        try
        {
            // A second pass right away: objects without a grace period are already gone after the first.
            if (await DeleteContentAsync(key, cancellationToken) || await DeleteContentAsync(key, cancellationToken))
            {
                await FinalizeAsync(key, cancellationToken);
                return;
            }
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return;
        }

        // Something is still there (say a pod waiting for its grace period): look again shortly.
        EnqueueAfter(key, _contentRemainingRetry);
    }

    /// <summary>Deletes every namespaced object in <paramref name="ns"/>; true once none is left.</summary>
    private async Task<bool> DeleteContentAsync(string ns, CancellationToken cancellationToken)
    {
        var empty = true;
        foreach (var resource in _namespacedResources ??= await DiscoverAsync(cancellationToken))
        {
            var remaining = await Client.ListAsync(resource, ns, cancellationToken: cancellationToken);
            if (remaining.Items.Count == 0)
            {
                continue;
            }

            empty = false;
            await Client.DeleteCollectionAsync(resource, ns, cancellationToken: cancellationToken);
        }

        return empty;
    }

    private async Task FinalizeAsync(string ns, CancellationToken cancellationToken)
    {
        // Read from the API, not the cache: the finalize update needs the current resourceVersion.
        var obj = await Client.GetAsync(ResourceRef.Namespaces, null, ns, cancellationToken);
        if (KubeObject.Get(obj, "spec", "finalizers") is not JsonArray finalizers || !finalizers.Any(f => f?.ToString() == Finalizer))
        {
            return;
        }

        var kept = new JsonArray([.. finalizers.Where(f => f?.ToString() != Finalizer).Select(f => f?.DeepClone())]);
        KubeObject.EnsureObject(obj, "spec")["finalizers"] = kept;
        await Client.UpdateSubresourceAsync(ResourceRef.Namespaces, obj, "finalize", cancellationToken);
        Log.Info("namespace {0} is empty and finalized", ns);
    }

    /// <summary>The namespaced resources the API serves that can be listed and deleted, from discovery.</summary>
    private async Task<IReadOnlyList<ResourceRef>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var resources = new List<ResourceRef>();
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
                if (!plural.Contains('/', StringComparison.Ordinal) && entry["namespaced"]?.GetValue<bool>() == true
                    && verbs.Contains("list") && verbs.Contains("deletecollection") && plural != "events")
                {
                    resources.Add(new ResourceRef(group, version, plural, Namespaced: true));
                }
            }
        }

        // Events last, as Kubernetes does, so the deletions above can still be recorded.
        resources.Add(ResourceRef.Events);
        return resources;
    }
}
