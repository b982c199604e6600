using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Namespaces;

/// <summary>
/// Kubernetes' namespace controller: when a namespace is deleted (Terminating), deletes everything in
/// it, and once nothing is left removes the "kubernetes" finalizer through the finalize subresource,
/// which lets the API remove the namespace. It talks to the cluster only through the API.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
public sealed class NamespaceController : ReceiveActor, IWithTimers
{
    private const string Finalizer = "kubernetes";
    private readonly IKubeClient _client;
    private readonly TimeSpan _retry;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IReadOnlyList<ResourceRef>? _namespacedResources;

    public NamespaceController(IKubeClient client, TimeSpan retry)
    {
        _client = client;
        _retry = retry;
        Receive<WatchEvent>(Observe);
        ReceiveAsync<Reconcile>(ReconcileAsync);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        var self = Self;
        var log = _log;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in _client.ListWatchAsync(ResourceRef.Namespaces, cancellationToken: _stop.Token))
                {
                    self.Tell(e, ActorRefs.NoSender);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                log.Error(e, "the namespace watch failed");
            }
        });
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private void Observe(WatchEvent e)
    {
        IEnumerable<JsonObject> namespaces = e.Type == WatchEventType.Resync ? e.Items : [e.Object];
        if (e.Type is WatchEventType.Deleted or WatchEventType.Bookmark or WatchEventType.Error)
        {
            return;
        }

        foreach (var ns in namespaces)
        {
            if (KubeObject.DeletionTimestamp(ns) is not null && KubeObject.Name(ns) is { } name && _queued.Add(name))
            {
                Self.Tell(new Reconcile(name));
            }
        }
    }

    private async Task ReconcileAsync(Reconcile request)
    {
        _queued.Remove(request.Namespace);
        try
        {
            // A second pass right away: objects without a grace period are already gone after the first.
            if (await DeleteContentAsync(request.Namespace) || await DeleteContentAsync(request.Namespace))
            {
                await FinalizeAsync(request.Namespace);
                return;
            }
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException)
        {
            _log.Warning(e, "cleaning up namespace {0} failed; retrying", request.Namespace);
        }

        // Something is still there (say a pod waiting for its grace period): look again shortly.
        if (_queued.Add(request.Namespace))
        {
            Timers.StartSingleTimer(request.Namespace, request, _retry);
        }
    }

    /// <summary>Deletes every namespaced object in <paramref name="ns"/>; true once none is left.</summary>
    private async Task<bool> DeleteContentAsync(string ns)
    {
        var empty = true;
        foreach (var resource in _namespacedResources ??= await DiscoverAsync())
        {
            var remaining = await _client.ListAsync(resource, ns, cancellationToken: _stop.Token);
            if (remaining.Items.Count == 0)
            {
                continue;
            }

            empty = false;
            await _client.DeleteCollectionAsync(resource, ns, cancellationToken: _stop.Token);
        }

        return empty;
    }

    private async Task FinalizeAsync(string ns)
    {
        var obj = await _client.GetAsync(ResourceRef.Namespaces, null, ns, _stop.Token);
        if (KubeObject.Get(obj, "spec", "finalizers") is not JsonArray finalizers || !finalizers.Any(f => f?.ToString() == Finalizer))
        {
            return;
        }

        var kept = new JsonArray([.. finalizers.Where(f => f?.ToString() != Finalizer).Select(f => f?.DeepClone())]);
        KubeObject.EnsureObject(obj, "spec")["finalizers"] = kept;
        await _client.UpdateSubresourceAsync(ResourceRef.Namespaces, obj, "finalize", _stop.Token);
        _log.Info("namespace {0} is empty and finalized", ns);
    }

    /// <summary>The namespaced resources the API serves that can be listed and deleted, from discovery.</summary>
    private async Task<IReadOnlyList<ResourceRef>> DiscoverAsync()
    {
        var resources = new List<ResourceRef>();
        var groupVersions = new List<(string Group, string Version, string Path)> { ("", "v1", "/api/v1") };
        if (JsonNode.Parse(await _client.GetRawAsync("/apis", _stop.Token)) is JsonObject groups && groups["groups"] is JsonArray list)
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
            if (JsonNode.Parse(await _client.GetRawAsync(path, _stop.Token)) is not JsonObject document || document["resources"] is not JsonArray entries)
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

    private sealed record Reconcile(string Namespace);
}
