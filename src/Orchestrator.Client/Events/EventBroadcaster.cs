using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;

namespace Orchestrator.Client.Events;

/// <summary>
/// Writes the Events of every <see cref="EventRecorder"/> through the API, one at a time, with Kubernetes'
/// aggregation (client-go's event correlator and logger): an Event that repeats (same involved object, type,
/// reason, message and source) within the aggregation window of its last occurrence increments the existing
/// Event's count and lastTimestamp with a PATCH instead of creating another. New Events are named
/// <c>&lt;object&gt;.&lt;hex nanoseconds&gt;</c> in the object's namespace ("default" for cluster-scoped ones).
/// An Event that cannot be written is logged and dropped: events are best effort, as in Kubernetes. So is one
/// taken from the mailbox while <see cref="EventSettings.MaxQueued"/> more wait behind it, as client-go's
/// broadcaster drops events once its queue is full: a burst costs a few writes, not one per Event long after
/// it (here the older ones go and the newest are written; client-go keeps the oldest).
/// </summary>
public sealed class EventBroadcaster : ReceiveActor
{
    private readonly IKubeClient _client;
    private readonly EventSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // The Events written lately, least recently seen first, for aggregation.
    private readonly Dictionary<EventKey, LinkedListNode<Recorded>> _recorded = [];
    private readonly LinkedList<Recorded> _byLastSeen = new();
    private long _lastNameNanos;
    private long _dropped;

    public EventBroadcaster(IKubeClient client, EventSettings settings)
    {
        _client = client;
        _settings = settings;
        ReceiveAsync<RecordEvent>(WriteAsync);
    }

    public static Props Props(IKubeClient client, EventSettings settings) => Akka.Actor.Props.Create(() => new EventBroadcaster(client, settings));

    private async Task WriteAsync(RecordEvent e)
    {
        if (((ActorCell)Context).NumberOfMessages >= _settings.MaxQueued)
        {
            if (_dropped++ % 1000 == 0)
            {
                _log.Warning("more than {0} events queued: dropping {1} {2} about {3} {4} ({5} dropped so far)",
                    _settings.MaxQueued, e.Type, e.Reason, e.InvolvedObject.Kind, e.InvolvedObject.Name, _dropped);
            }

            return;
        }

        var key = EventKey.Of(e);
        try
        {
            if (_recorded.TryGetValue(key, out var node) && e.Timestamp - node.Value.LastTimestamp <= _settings.AggregationWindow)
            {
                var seen = node.Value with { Count = node.Value.Count + 1, LastTimestamp = e.Timestamp };
                try
                {
                    await _client.PatchAsync(ResourceRef.Events, seen.Namespace, seen.Name, PatchType.Merge, new JsonObject
                    {
                        ["count"] = seen.Count,
                        ["lastTimestamp"] = Time(e.Timestamp),
                    });
                    Remember(key, seen);
                    return;
                }
                catch (KubeApiException patch) when (patch.IsNotFound)
                {
                    // The Event expired (the API keeps them an hour) or was deleted: record it anew.
                }
            }

            var created = New(e);
            await _client.CreateAsync(ResourceRef.Events, Body(e, created));
            Remember(key, created);
        }
        catch (Exception failure) when (failure is KubeApiException or HttpRequestException or TimeoutException or IOException)
        {
            _log.Warning("could not record event {0} {1} about {2} {3}: {4}", e.Type, e.Reason, e.InvolvedObject.Kind, e.InvolvedObject.Name, failure.Message);
        }
    }

    private Recorded New(RecordEvent e)
    {
        // The name's nanoseconds are kept increasing, so two Events about one object in one tick do not collide.
        var nanos = Math.Max((e.Timestamp - DateTimeOffset.UnixEpoch).Ticks * 100, _lastNameNanos + 1);
        _lastNameNanos = nanos;
        var ns = string.IsNullOrEmpty(e.InvolvedObject.Namespace) ? "default" : e.InvolvedObject.Namespace;
        return new Recorded(EventKey.Of(e), string.Create(CultureInfo.InvariantCulture, $"{e.InvolvedObject.Name}.{nanos:x}"), ns, 1, e.Timestamp, e.Timestamp);
    }

    private void Remember(EventKey key, Recorded recorded)
    {
        if (_recorded.Remove(key, out var old))
        {
            _byLastSeen.Remove(old);
        }

        _recorded[key] = _byLastSeen.AddLast(recorded);
        while (_recorded.Count > _settings.CacheSize && _byLastSeen.First is { } oldest)
        {
            _byLastSeen.RemoveFirst();
            _recorded.Remove(oldest.Value.Key);
        }
    }

    private static JsonObject Body(RecordEvent e, Recorded recorded) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Event",
        ["metadata"] = new JsonObject { ["name"] = recorded.Name, ["namespace"] = recorded.Namespace },
        ["involvedObject"] = e.InvolvedObject.ToJson(),
        ["reason"] = e.Reason,
        ["message"] = e.Message,
        ["source"] = e.Source.Host is { Length: > 0 } host
            ? new JsonObject { ["component"] = e.Source.Component, ["host"] = host }
            : new JsonObject { ["component"] = e.Source.Component },
        ["firstTimestamp"] = Time(recorded.FirstTimestamp),
        ["lastTimestamp"] = Time(recorded.LastTimestamp),
        ["count"] = recorded.Count,
        ["type"] = e.Type,
        ["reportingComponent"] = e.Source.Component,
        ["reportingInstance"] = e.Source.Host ?? "",
    };

    // metav1.Time: RFC 3339 in whole seconds.
    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record Recorded(EventKey Key, string Name, string Namespace, int Count, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp);

    /// <summary>What makes two events the same Event (client-go's getEventKey).</summary>
    private readonly record struct EventKey(string Component, string? Host, string Kind, string? Namespace, string Name, string? Uid, string? ApiVersion, string Type, string Reason, string Message)
    {
        public static EventKey Of(RecordEvent e) => new(
            e.Source.Component, e.Source.Host, e.InvolvedObject.Kind, e.InvolvedObject.Namespace, e.InvolvedObject.Name,
            e.InvolvedObject.Uid, e.InvolvedObject.ApiVersion, e.Type, e.Reason, e.Message);
    }
}
