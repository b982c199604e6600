using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Model.Objects;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>
/// One shared informer (client-go's SharedIndexInformer and its reflector): lists, then watches from the
/// list's resourceVersion (<see cref="ListWatchExtensions.ListWatchAsync"/>: resumed after a dropped watch,
/// listed again after 410 Gone, with bookmarks), keeps the cache its listers read, and tells every
/// subscriber what changed. A fresh list after the first is compared with the cache, so subscribers get the
/// deletions, additions and changes they missed, not a flood of unchanged objects.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
internal sealed class InformerActor : ReceiveActor, IWithTimers
{
    private const string RestartTimer = "restart";
    private const string ResyncTimer = "resync";

    private readonly InformerKey _key;
    private readonly ThreadSafeStore _store;
    private readonly IKubeClient _client;
    private readonly InformerSettings _settings;
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CancellationTokenSource? _run;
    private int _generation;

    public InformerActor(InformerKey key, ThreadSafeStore store, IKubeClient client, InformerSettings settings)
    {
        _key = key;
        _store = store;
        _client = client;
        _settings = settings;
        Receive<Received>(m => m.Generation == _generation, m => Observe(m.Event));
        Receive<Received>(_ => { });
        Receive<Ended>(m => m.Generation == _generation, OnEnded);
        Receive<Ended>(_ => { });
        Receive<Restart>(_ => StartListWatch());
        Receive<Resync>(_ => ResyncAll());
        Receive<SubscribeInformer>(m => Subscribe(m.Subscriber));
        Receive<UnsubscribeInformer>(m => Unsubscribe(m.Subscriber));
        Receive<Terminated>(m => Unsubscribe(m.ActorRef));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(InformerKey key, ThreadSafeStore store, IKubeClient client, InformerSettings settings) =>
        Akka.Actor.Props.Create(() => new InformerActor(key, store, client, settings));

    protected override void PreStart()
    {
        StartListWatch();
        ScheduleResync();
    }

    // Cancelled, not disposed: the list-watch loop may still be reading the token as it unwinds.
    protected override void PostStop() => _run?.Cancel();

    /// <summary>Runs the list-watch loop on the thread pool; its events come back as messages tagged with this run.</summary>
    private void StartListWatch()
    {
        _run?.Cancel();
        _run = new CancellationTokenSource();
        var generation = ++_generation;
        var token = _run.Token;
        var self = Self;
        var client = _client;
        var key = _key;

        // Each run asks for its own watch timeout, so informers started together do not all re-watch together.
        var options = new ListWatchOptions
        {
            LabelSelector = key.LabelSelector,
            FieldSelector = key.FieldSelector,
            PageSize = _settings.PageSize,
            WatchTimeoutSeconds = (int)Math.Ceiling(_settings.MinWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble())),
            InitialBackoff = _settings.InitialBackoff,
            MaxBackoff = _settings.MaxBackoff,
        };
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.ListWatchAsync(key.Resource, key.Namespace, options, token).ConfigureAwait(false))
                {
                    self.Tell(new Received(generation, e));
                }

                self.Tell(new Ended(generation, null));
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopped or restarted: a newer run (if any) carries on.
            }
            catch (Exception e)
            {
                self.Tell(new Ended(generation, e));
            }
        }, CancellationToken.None);
    }

    private void OnEnded(Ended ended)
    {
        // ListWatchAsync retries what can heal by itself; what ends it (401, 403, 404…) may heal by an operator's
        // hand, so it is tried again after the longest back-off rather than given up.
        _log.Warning("the {0} informer's list and watch ended ({1}); starting again in {2}", _key, ended.Error?.Message ?? "no error", _settings.MaxBackoff);
        Timers.StartSingleTimer(RestartTimer, Restart.Instance, _settings.MaxBackoff);
    }

    private void Observe(WatchEvent e)
    {
        if (_key.Transform is { } transform)
        {
            e = e.Type switch
            {
                WatchEventType.Resync => e with { Items = [.. e.Items.Select(transform)] },
                WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted => e with { Object = transform(e.Object) },
                _ => e,
            };
        }

        switch (e.Type)
        {
            case WatchEventType.Resync:
                Replace(e.Items);
                _store.SetResourceVersion(e.ResourceVersion);
                break;
            case WatchEventType.Added or WatchEventType.Modified when KeyOf(e.Object) is { } key:
                _store.SetResourceVersion(e.ResourceVersion);
                var old = _store.Upsert(key, e.Object);
                Notify(old is null
                    ? new InformerEvent(_key, InformerEventType.Added, e.Object)
                    : new InformerEvent(_key, InformerEventType.Updated, e.Object) { OldObject = old });
                break;
            case WatchEventType.Deleted when KeyOf(e.Object) is { } key:
                _store.SetResourceVersion(e.ResourceVersion);

                // An object the cache never held was already dropped by a later list: nothing to tell.
                if (_store.Delete(key) is not null)
                {
                    Notify(new InformerEvent(_key, InformerEventType.Deleted, e.Object));
                }

                break;
        }
    }

    /// <summary>A complete list: the first one fills the cache; later ones are told as the differences from it.</summary>
    private void Replace(IReadOnlyList<JsonObject> items)
    {
        var listed = new Dictionary<string, JsonObject>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (KeyOf(item) is { } key)
            {
                listed[key] = item;
            }
        }

        var before = _store.Replace(listed);
        if (!_store.HasSynced)
        {
            foreach (var item in listed.Values)
            {
                Notify(new InformerEvent(_key, InformerEventType.Added, item) { IsInInitialList = true });
            }

            _store.MarkSynced();
            _log.Debug("the {0} informer has synced {1} objects", _key, listed.Count);
            Notify(new InformerSynced(_key));
            return;
        }

        foreach (var (key, old) in before)
        {
            if (!listed.ContainsKey(key))
            {
                Notify(new InformerEvent(_key, InformerEventType.Deleted, old));
            }
        }

        foreach (var (key, item) in listed)
        {
            if (!before.TryGetValue(key, out var old))
            {
                Notify(new InformerEvent(_key, InformerEventType.Added, item));
            }
            else if (KubeObject.ResourceVersion(old) != KubeObject.ResourceVersion(item))
            {
                Notify(new InformerEvent(_key, InformerEventType.Updated, item) { OldObject = old });
            }
        }
    }

    /// <summary>Every cached object again, as an update to itself, so a change a controller missed is acted on.</summary>
    private void ResyncAll()
    {
        if (_store.HasSynced)
        {
            foreach (var obj in _store.Values())
            {
                Notify(new InformerEvent(_key, InformerEventType.Updated, obj) { OldObject = obj });
            }
        }

        ScheduleResync();
    }

    private void ScheduleResync()
    {
        if (_settings.MinResyncPeriod > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(ResyncTimer, Resync.Instance, _settings.MinResyncPeriod * (1 + Random.Shared.NextDouble()));
        }
    }

    private void Subscribe(IActorRef subscriber)
    {
        // Subscribing again (a restarted controller keeps its actor reference) replays the cache as well.
        if (_subscribers.Add(subscriber))
        {
            Context.Watch(subscriber);
        }

        if (_store.HasSynced)
        {
            // A late subscriber gets the cache as additions, as client-go's AddEventHandler replays it.
            foreach (var obj in _store.Values())
            {
                subscriber.Tell(new InformerEvent(_key, InformerEventType.Added, obj) { IsInInitialList = true });
            }

            subscriber.Tell(new InformerSynced(_key));
        }
    }

    private void Unsubscribe(IActorRef subscriber)
    {
        if (_subscribers.Remove(subscriber))
        {
            Context.Unwatch(subscriber);
        }
    }

    private void Notify(object message)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(message);
        }
    }

    private string? KeyOf(JsonObject obj)
    {
        if (string.IsNullOrEmpty(KubeObject.Name(obj)))
        {
            _log.Warning("the {0} informer skipped an object without metadata.name", _key);
            return null;
        }

        return ObjectKey.Of(obj);
    }

    private sealed record Received(int Generation, WatchEvent Event) : INoSerializationVerificationNeeded;

    private sealed record Ended(int Generation, Exception? Error) : INoSerializationVerificationNeeded;

    private sealed record Restart
    {
        public static readonly Restart Instance = new();
    }

    private sealed record Resync
    {
        public static readonly Resync Instance = new();
    }
}
