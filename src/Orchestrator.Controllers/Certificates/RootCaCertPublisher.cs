using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Certificates;

/// <summary>
/// Kubernetes' root-ca-cert-publisher: keeps a <c>kube-root-ca.crt</c> ConfigMap holding the cluster CA
/// (<c>ca.crt</c>) in every namespace, so in-cluster clients can verify the API; recreates it when it is
/// deleted and restores it when it is changed. It talks to the cluster only through the API.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
public sealed class RootCaCertPublisher : ReceiveActor, IWithTimers
{
    public const string ConfigMapName = "kube-root-ca.crt";
    public const string CaKey = "ca.crt";

    private const string Description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    private readonly IKubeClient _client;
    private readonly string _caPem;
    private readonly TimeSpan _retry;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RootCaCertPublisher(IKubeClient client, string caPem, TimeSpan retry)
    {
        _client = client;
        _caPem = caPem;
        _retry = retry;
        Receive<NamespaceEvent>(e => ObserveNamespaces(e.Event));
        Receive<ConfigMapEvent>(e => ObserveConfigMap(e.Event));
        ReceiveAsync<Sync>(SyncAsync);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Watch(ResourceRef.Namespaces, null, e => new NamespaceEvent(e));
        Watch(ResourceRef.ConfigMaps, new ListWatchOptions { FieldSelector = $"metadata.name={ConfigMapName}" }, e => new ConfigMapEvent(e));
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private void Watch(ResourceRef resource, ListWatchOptions? options, Func<WatchEvent, object> wrap)
    {
        var self = Self;
        var log = _log;
        var ct = _stop.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in _client.ListWatchAsync(resource, options: options, cancellationToken: ct))
                {
                    self.Tell(wrap(e), ActorRefs.NoSender);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                log.Error(e, "the {0} watch failed", resource.Plural);
            }
        });
    }

    private void ObserveNamespaces(WatchEvent e)
    {
        IEnumerable<JsonObject> namespaces = e.Type == WatchEventType.Resync ? e.Items : [e.Object];
        if (e.Type is WatchEventType.Bookmark or WatchEventType.Error)
        {
            return;
        }

        if (e.Type == WatchEventType.Resync)
        {
            _active.Clear();
        }

        foreach (var ns in namespaces)
        {
            if (KubeObject.Name(ns) is not { } name)
            {
                continue;
            }

            if (e.Type == WatchEventType.Deleted || KubeObject.DeletionTimestamp(ns) is not null)
            {
                _active.Remove(name);
            }
            else if (_active.Add(name))
            {
                Self.Tell(new Sync(name));
            }
        }
    }

    private void ObserveConfigMap(WatchEvent e)
    {
        IEnumerable<JsonObject> configMaps = e.Type == WatchEventType.Resync ? e.Items : [e.Object];
        foreach (var configMap in configMaps)
        {
            if (KubeObject.Namespace(configMap) is { } ns && _active.Contains(ns)
                && (e.Type == WatchEventType.Deleted || KubeObject.GetString(configMap, "data", CaKey) != _caPem))
            {
                Self.Tell(new Sync(ns));
            }
        }
    }

    /// <summary>Makes the namespace's ConfigMap hold the CA: created if missing, its data restored if changed.</summary>
    private async Task SyncAsync(Sync request)
    {
        if (!_active.Contains(request.Namespace))
        {
            return;
        }

        try
        {
            JsonObject? existing = null;
            try
            {
                existing = await _client.GetAsync(ResourceRef.ConfigMaps, request.Namespace, ConfigMapName, _stop.Token);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }

            if (existing is null)
            {
                await _client.CreateAsync(ResourceRef.ConfigMaps, ConfigMap(request.Namespace), _stop.Token);
            }
            else if (KubeObject.GetString(existing, "data", CaKey) != _caPem || (existing["data"] as JsonObject)?.Count != 1)
            {
                existing["data"] = new JsonObject { [CaKey] = _caPem };
                await _client.UpdateAsync(ResourceRef.ConfigMaps, existing, _stop.Token);
            }
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // The namespace is going away: nothing to publish.
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Someone wrote it meanwhile: look again.
            Timers.StartSingleTimer(request.Namespace, request, _retry);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException)
        {
            _log.Warning(e, "publishing the root CA to namespace {0} failed; retrying", request.Namespace);
            Timers.StartSingleTimer(request.Namespace, request, _retry);
        }
    }

    private JsonObject ConfigMap(string ns) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = ConfigMapName,
            ["namespace"] = ns,
            ["annotations"] = new JsonObject { ["kubernetes.io/description"] = Description },
        },
        ["data"] = new JsonObject { [CaKey] = _caPem },
    };

    private sealed record NamespaceEvent(WatchEvent Event);

    private sealed record ConfigMapEvent(WatchEvent Event);

    private sealed record Sync(string Namespace);
}
