using System.Threading.Channels;

namespace Orchestrator.Persistence.Journal;

/// <summary>
/// One subscriber's buffer of committed batches. It is bounded so a stalled subscriber cannot make
/// the writer hold events forever: on overflow it is dropped from the feed and catches up from history.
/// </summary>
internal sealed class LiveSubscription : IDisposable
{
    private readonly LiveEventFeed _feed;
    private readonly Channel<StoredEvent[]> _channel;
    private volatile bool _overflowed;

    public LiveSubscription(LiveEventFeed feed, int capacity)
    {
        _feed = feed;
        _channel = Channel.CreateBounded<StoredEvent[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            // The writer must never run subscriber code on its own thread.
            AllowSynchronousContinuations = false,
        });
    }

    public ChannelReader<StoredEvent[]> Reader => _channel.Reader;

    /// <summary>True when the subscriber fell behind and lost live events; it must re-read them from history.</summary>
    public bool Overflowed => _overflowed;

    internal bool TryDeliver(StoredEvent[] batch)
    {
        if (_channel.Writer.TryWrite(batch))
        {
            return true;
        }

        _overflowed = true;
        _channel.Writer.TryComplete();
        return false;
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _feed.Remove(this);
        _channel.Writer.TryComplete();
    }
}
