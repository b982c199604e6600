using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>Fans container events out to every watcher; a watcher sees the events after it started watching.</summary>
public sealed class ContainerEventHub
{
    private readonly List<Channel<ContainerEvent>> _watchers = [];
    private readonly Lock _gate = new();

    public void Publish(ContainerEvent containerEvent)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(containerEvent);
            }
        }
    }

    public async IAsyncEnumerable<ContainerEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ContainerEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }
}
