using System.Threading.Channels;
using Akka.Actor;
using Orchestrator.Api.Entities;

namespace Orchestrator.Api.Watch;

// A watch cache serves the members of its own process only, so its messages are local
// (INoSerializationVerificationNeeded): they carry channels and shared immutable objects.

/// <summary>An event of this cache's type, in journal order, at its revision.</summary>
public sealed record CacheEvent(ResourceEvent Event) : INoSerializationVerificationNeeded;

/// <summary>
/// The feeder has delivered every event up to <paramref name="Revision"/>; the journal cannot be read
/// at or below <paramref name="CompactedRevision"/>. Lists report this revision, bookmarks carry it.
/// </summary>
public sealed record CacheProgress(long Revision, long CompactedRevision);

/// <summary>
/// The objects matching a filter, in key order, from <paramref name="ContinueAfter"/> on, at most
/// <paramref name="Limit"/>; as they were at <paramref name="AtRevision"/> when given (the next page of
/// a paged list, or resourceVersionMatch=Exact), otherwise as they are now.
/// </summary>
public sealed record ListObjects(WatchFilter Filter, string? ContinueAfter, int Limit, long? AtRevision = null) : INoSerializationVerificationNeeded;

/// <summary>A page of a list: the items, the revision they are current at, and whether more follow.</summary>
public sealed record ObjectList(IReadOnlyList<CachedObject> Items, long Revision, bool HasMore) : INoSerializationVerificationNeeded;

public sealed record GetObject(string Namespace, string Name);

public sealed record ObjectLookup(CachedObject? Object, long Revision) : INoSerializationVerificationNeeded;

/// <summary>
/// Starts a watch. With <paramref name="FromRevision"/> null the watcher first gets ADDED for every
/// current object; otherwise every change after that revision, or a 410 ERROR when it is too old:
/// older than the cache's window or than the journal's compaction floor, <paramref name="CompactedRevision"/>.
/// </summary>
public sealed record StartWatch(long? FromRevision, WatchFilter Filter, bool Bookmarks, ChannelWriter<WatchLine> Sink, long CompactedRevision = 0) : INoSerializationVerificationNeeded;

public sealed record StopWatch(ChannelWriter<WatchLine> Sink) : INoSerializationVerificationNeeded;

/// <summary>One line of a watch stream, rendered once and shared by every watcher that gets it.</summary>
public sealed record WatchLine(byte[] Bytes);
