using System.Globalization;
using System.Threading.Channels;
using Akka.Actor;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Watch;

/// <summary>
/// The projection of one resource type: the current objects and a window of recent changes, fed in
/// journal order. Serves lists at the revision it has applied and watches from any revision still in
/// its window (older ones get 410 Gone, as from a compacted etcd). Watchers get pre-rendered lines
/// through their channels; one that cannot keep up is cut off, as Kubernetes does.
/// </summary>
public sealed class WatchCache : ReceiveActor, IWithTimers
{
    private readonly ResourceType _type;
    private readonly int _historyCapacity;
    private readonly CacheLister _lister;
    private readonly TimeSpan _bookmarkInterval;
    private readonly SortedDictionary<string, CachedObject> _objects = new(StringComparer.Ordinal);
    private readonly Queue<HistoryEntry> _history = new();
    private readonly CacheInterner _interner = new();
    private readonly List<Watcher> _watchers = [];
    private CachedObject[]? _snapshot;
    private long _revision;
    private long _completeFrom;
    private (long Revision, CachedObject[] Objects)? _past;

    public WatchCache(ResourceType type, int historyCapacity, TimeSpan bookmarkInterval, CacheLister lister)
    {
        _type = type;
        _lister = lister;
        _historyCapacity = historyCapacity;
        Receive<CacheEvent>(e => Apply(e));
        Receive<CacheProgress>(p =>
        {
            _revision = Math.Max(_revision, p.Revision);
            _completeFrom = Math.Max(_completeFrom, p.CompactedRevision);
        });
        Receive<ListObjects>(List);
        Receive<GetObject>(g => Sender.Tell(new ObjectLookup(_objects.GetValueOrDefault(Key(g.Namespace, g.Name)), _revision)));
        Receive<StartWatch>(Start);
        Receive<StopWatch>(s => _watchers.RemoveAll(w => w.Sink == s.Sink));
        Receive<SendBookmarks>(_ => SendBookmarksNow());
        _bookmarkInterval = bookmarkInterval;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("bookmarks", SendBookmarks.Instance, _bookmarkInterval);

    private void Apply(CacheEvent cacheEvent)
    {
        var e = cacheEvent.Event;

        // Written in this process: the entity's snapshot, serialized once. Read back from disk: parsed here.
        var snapshot = e.Snapshot ?? ResourceSnapshot.Of(_type, e.ParseObject());
        var obj = snapshot.ToCached(e.Revision, _interner);
        _objects.TryGetValue(obj.Key, out var previous);
        string type;
        if (e is ResourceDeleted)
        {
            _objects.Remove(obj.Key);
            _lister.Remove(obj.Key);
            type = "DELETED";
        }
        else
        {
            _objects[obj.Key] = obj;
            _lister.Set(obj);
            type = previous is null ? "ADDED" : "MODIFIED";
        }

        _snapshot = null;
        _revision = Math.Max(_revision, e.Revision);
        var entry = new HistoryEntry(e.Revision, type, obj, previous);
        _history.Enqueue(entry);
        while (_history.Count > _historyCapacity)
        {
            _completeFrom = Math.Max(_completeFrom, _history.Dequeue().Revision);
        }

        if (_watchers.Count > 0)
        {
            var rendered = new RenderedLines(entry);
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                var watcher = _watchers[i];
                if (rendered.For(watcher.Filter) is { } line && !watcher.Sink.TryWrite(line))
                {
                    CutOff(watcher, i);
                }
            }
        }
    }

    private void List(ListObjects request)
    {
        var revision = _revision;
        CachedObject[] snapshot;
        if (request.AtRevision is { } at && at < _revision)
        {
            if (at < _completeFrom)
            {
                Sender.Tell(new Status.Failure(StatusException.Gone(
                    $"The provided continue parameter or resourceVersion {at} is too old to display a consistent list result: "
                    + "the cache holds changes from resourceVersion " + (_completeFrom + 1).ToString(CultureInfo.InvariantCulture)
                    + " on. Start a new list without the continue parameter.")), Self);
                return;
            }

            snapshot = SnapshotAt(at);
            revision = at;
        }
        else
        {
            snapshot = _snapshot ??= [.. _objects.Values];
        }

        var start = 0;
        if (request.ContinueAfter is { } after)
        {
            start = BinarySearchAfter(snapshot, after);
        }

        // Keys sort by namespace first, so one namespace is one run of the snapshot: skip to it, stop after it.
        var prefix = request.Filter.Namespace is { Length: > 0 } ns ? ns + "/" : null;
        if (prefix is not null)
        {
            start = Math.Max(start, BinarySearchAfter(snapshot, prefix));
        }

        var items = new List<CachedObject>();
        var hasMore = false;
        for (var i = start; i < snapshot.Length; i++)
        {
            if (prefix is not null && !snapshot[i].Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                break;
            }

            if (!request.Filter.Matches(snapshot[i]))
            {
                continue;
            }

            if (request.Limit > 0 && items.Count == request.Limit)
            {
                hasMore = true;
                break;
            }

            items.Add(snapshot[i]);
        }

        Sender.Tell(new ObjectList(items, revision, hasMore));
    }

    /// <summary>The objects as they were at <paramref name="revision"/>: today's, with every later change in the history undone, newest first.</summary>
    private CachedObject[] SnapshotAt(long revision)
    {
        if (_past is { } past && past.Revision == revision)
        {
            return past.Objects;
        }

        var view = new SortedDictionary<string, CachedObject>(_objects, StringComparer.Ordinal);
        foreach (var entry in _history.Reverse())
        {
            if (entry.Revision <= revision)
            {
                break;
            }

            if (entry.Previous is { } previous)
            {
                view[previous.Key] = previous;
            }
            else
            {
                view.Remove(entry.Object.Key);
            }
        }

        // Later pages of the same list ask for the same revision: keep the last one built.
        CachedObject[] objects = [.. view.Values];
        _past = (revision, objects);
        return objects;
    }

    private void Start(StartWatch request)
    {
        var watcher = new Watcher(request.Filter, request.Bookmarks, request.Sink);
        if (request.FromRevision is not { } from)
        {
            foreach (var obj in _objects.Values)
            {
                if (request.Filter.Matches(obj) && !request.Sink.TryWrite(WatchLines.Event("ADDED", obj)))
                {
                    request.Sink.TryComplete();
                    return;
                }
            }
        }
        else
        {
            _completeFrom = Math.Max(_completeFrom, request.CompactedRevision);
            if (from < _completeFrom)
            {
                request.Sink.TryWrite(WatchLines.Error(StatusException.Gone($"too old resource version: {from} ({_completeFrom + 1})")));
                request.Sink.TryComplete();
                return;
            }

            foreach (var entry in _history)
            {
                if (entry.Revision > from && new RenderedLines(entry).For(request.Filter) is { } line && !request.Sink.TryWrite(line))
                {
                    request.Sink.TryComplete();
                    return;
                }
            }
        }

        _watchers.Add(watcher);
    }

    private void SendBookmarksNow()
    {
        if (_revision == 0)
        {
            return;
        }

        WatchLine? bookmark = null;
        for (var i = _watchers.Count - 1; i >= 0; i--)
        {
            var watcher = _watchers[i];
            if (watcher.Bookmarks && !watcher.Sink.TryWrite(bookmark ??= WatchLines.Bookmark(_type, _revision)))
            {
                CutOff(watcher, i);
            }
        }
    }

    private void CutOff(Watcher watcher, int index)
    {
        watcher.Sink.TryComplete(new ChannelClosedException("the watcher fell too far behind"));
        _watchers.RemoveAt(index);
    }

    private static int BinarySearchAfter(CachedObject[] snapshot, string key)
    {
        int low = 0, high = snapshot.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(snapshot[mid].Key, key) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    internal static string Key(string ns, string name) => ns.Length == 0 ? name : ns + "/" + name;

    private sealed record HistoryEntry(long Revision, string Type, CachedObject Object, CachedObject? Previous);

    private sealed record Watcher(WatchFilter Filter, bool Bookmarks, ChannelWriter<WatchLine> Sink);

    private sealed class SendBookmarks
    {
        public static readonly SendBookmarks Instance = new();
    }

    /// <summary>
    /// What one change means to a watcher with a filter: an object that starts matching is ADDED,
    /// one that stops matching is DELETED, as Kubernetes' cacher does. Lines are rendered once per change.
    /// </summary>
    private sealed class RenderedLines(HistoryEntry entry)
    {
        private readonly Dictionary<string, WatchLine> _lines = new(StringComparer.Ordinal);

        public WatchLine? For(WatchFilter filter)
        {
            var now = entry.Type != "DELETED" && filter.Matches(entry.Object);
            var before = entry.Previous is not null && filter.Matches(entry.Previous);
            var type = entry.Type == "DELETED"
                ? (filter.Matches(entry.Object) || before ? "DELETED" : null)
                : (now, before) switch
                {
                    (true, true) => "MODIFIED",
                    (true, false) => "ADDED",
                    (false, true) => "DELETED",
                    _ => null,
                };
            if (type is null)
            {
                return null;
            }

            if (!_lines.TryGetValue(type, out var line))
            {
                line = WatchLines.Event(type, entry.Object);
                _lines[type] = line;
            }

            return line;
        }
    }
}
