using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>
/// Plays the kubelet for workload tests: watches the pods of a namespace and, while <see cref="MarkReady"/> is on,
/// reports each new one Running and Ready through pods/status. It also keeps, change by change, the highest number
/// of pods and the lowest number of Ready pods not being deleted, so a test can tell what a rollout never did.
/// </summary>
public sealed class TestKubelet : IAsyncDisposable
{
    private readonly KubeClient _client;
    private readonly string _ns;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, JsonObject> _pods = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Task _loop;
    private int _minReady = int.MaxValue;
    private int _maxPods;

    private TestKubelet(KubeClient client, string ns, string fromRevision, IEnumerable<JsonObject> pods)
    {
        _client = client;
        _ns = ns;
        foreach (var pod in pods)
        {
            _pods[KubeObject.Name(pod)!] = pod;
        }

        _loop = Task.Run(() => RunAsync(fromRevision));
    }

    /// <summary>Whether new pods are reported Ready.</summary>
    public bool MarkReady { get; set; } = true;

    /// <summary>The lowest number of Ready pods (not being deleted) with these labels seen since <see cref="ResetCounts"/>.</summary>
    public int MinReady
    {
        get
        {
            lock (_lock)
            {
                return _minReady;
            }
        }
    }

    /// <summary>The highest number of pods (not being deleted) seen since <see cref="ResetCounts"/>.</summary>
    public int MaxPods
    {
        get
        {
            lock (_lock)
            {
                return _maxPods;
            }
        }
    }

    /// <summary>Every pod seen, as last seen.</summary>
    public List<JsonObject> Pods
    {
        get
        {
            lock (_lock)
            {
                return [.. _pods.Values];
            }
        }
    }

    public static async Task<TestKubelet> StartAsync(KubeClient client, string ns)
    {
        ArgumentNullException.ThrowIfNull(client);
        var list = await client.ListAsync(ResourceRef.Pods, ns);
        return new TestKubelet(client, ns, list.ResourceVersion ?? "0", list.Items);
    }

    /// <summary>Starts counting afresh from the pods there are now.</summary>
    public void ResetCounts()
    {
        lock (_lock)
        {
            _minReady = int.MaxValue;
            _maxPods = 0;
            Count();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(string revision)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in _client.WatchAsync(ResourceRef.Pods, _ns, new WatchOptions { ResourceVersion = revision }, _stop.Token))
                {
                    if (e.Type == WatchEventType.Error)
                    {
                        continue;
                    }

                    revision = KubeObject.ResourceVersion(e.Object) ?? revision;
                    var name = KubeObject.Name(e.Object)!;
                    lock (_lock)
                    {
                        if (e.Type == WatchEventType.Deleted)
                        {
                            _pods.Remove(name);
                        }
                        else
                        {
                            _pods[name] = e.Object;
                        }

                        Count();
                    }

                    if (e.Type != WatchEventType.Deleted && MarkReady && KubeObject.DeletionTimestamp(e.Object) is null && !IsReady(e.Object))
                    {
                        await MarkReadyAsync(name);
                    }
                }
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task MarkReadyAsync(string name)
    {
        var now = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now }),
        };
        try
        {
            await _client.PatchAsync(ResourceRef.Pods, _ns, name, PatchType.Merge, new JsonObject { ["status"] = status }, "status", _stop.Token);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Deleted before it could start.
        }
    }

    private void Count()
    {
        var live = _pods.Values.Where(p => KubeObject.DeletionTimestamp(p) is null).ToList();
        _maxPods = Math.Max(_maxPods, live.Count);
        _minReady = Math.Min(_minReady, live.Count(IsReady));
    }

    private static bool IsReady(JsonObject pod) =>
        KubeObject.Get(pod, "status", "conditions") is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => KubeObject.GetString(c, "type") == "Ready" && KubeObject.GetString(c, "status") == "True");
}
