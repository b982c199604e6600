using System.Threading.Channels;
using Orchestrator.Actors.Cell;

namespace Orchestrator.Actors.Dispatch;

/// <summary>
/// An actor's mailbox: user messages in a <see cref="Channel{T}"/>, system messages in an intrusive
/// lock-free list, drained on the thread pool in batches of <c>throughput</c> messages. At most one
/// thread runs a mailbox at a time, which is what makes an actor single-threaded.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private static readonly UnboundedChannelOptions QueueOptions = new() { SingleReader = true, AllowSynchronousContinuations = false };

    private readonly ActorCell _cell;
    private readonly int _throughput;

    // Created on the first user message: an actor that only waits costs no queue.
    private Channel<Envelope>? _queue;
    private SystemMessage? _systemHead;
    private int _status;
    private volatile bool _closed;

    public Mailbox(ActorCell cell, int throughput)
    {
        _cell = cell;
        _throughput = throughput;
    }

    public bool IsClosed => _closed;

    public void Post(Envelope envelope)
    {
        var queue = _queue ?? CreateQueue();
        if (_closed || !queue.Writer.TryWrite(envelope))
        {
            _cell.System.PublishDeadLetter(envelope, _cell.Self);
            return;
        }

        Schedule();
    }

    public void PostSystem(SystemMessage message)
    {
        if (_closed)
        {
            _cell.OnDeadSystemMessage(message);
            return;
        }

        SystemMessage? head;
        do
        {
            head = Volatile.Read(ref _systemHead);
            message.Next = head;
        }
        while (Interlocked.CompareExchange(ref _systemHead, message, head) != head);

        if (_closed)
        {
            DrainDeadSystemMessages();
        }
        else
        {
            Schedule();
        }
    }

    public void Schedule()
    {
        if (Volatile.Read(ref _status) == Idle && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    public void Execute()
    {
        var previous = ActorCell.Current;
        ActorCell.Current = _cell;
        try
        {
            ProcessSystemMessages();
            ProcessUserMessages();
        }
        finally
        {
            ActorCell.Current = previous;
            // A full fence: a producer that saw Scheduled must find its message when we look again.
            Interlocked.Exchange(ref _status, Idle);
            if (!_closed && HasPendingWork())
            {
                Schedule();
            }
        }
    }

    /// <summary>Closes the mailbox for good: what is left, and what arrives later, becomes dead letters.</summary>
    public void Close()
    {
        _closed = true;
        Interlocked.MemoryBarrier();
        var queue = Volatile.Read(ref _queue);
        if (queue is not null)
        {
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var envelope))
            {
                _cell.System.PublishDeadLetter(envelope, _cell.Self);
            }
        }

        DrainDeadSystemMessages();
    }

    public bool TryDequeue(out Envelope envelope)
    {
        envelope = default;
        var queue = _queue;
        return queue is not null && queue.Reader.TryRead(out envelope);
    }

    private Channel<Envelope> CreateQueue()
    {
        var created = Channel.CreateUnbounded<Envelope>(QueueOptions);
        return Interlocked.CompareExchange(ref _queue, created, null) ?? created;
    }

    private void ProcessUserMessages()
    {
        for (var left = _throughput; left > 0 && !_closed && _cell.CanProcessUserMessages; left--)
        {
            if (!_cell.TryDequeueFront(out var envelope) && !TryDequeue(out envelope))
            {
                return;
            }

            _cell.Invoke(envelope);
            if (Volatile.Read(ref _systemHead) is not null)
            {
                ProcessSystemMessages();
            }
        }
    }

    private void ProcessSystemMessages()
    {
        while (!_closed)
        {
            var list = Interlocked.Exchange(ref _systemHead, null);
            if (list is null)
            {
                return;
            }

            // The list was pushed newest first; run it oldest first.
            for (var message = Reverse(list); message is not null;)
            {
                var next = message.Next;
                message.Next = null;
                if (_closed)
                {
                    _cell.OnDeadSystemMessage(message);
                }
                else
                {
                    _cell.SystemInvoke(message);
                }

                message = next;
            }
        }
    }

    private void DrainDeadSystemMessages()
    {
        var list = Interlocked.Exchange(ref _systemHead, null);
        for (var message = list is null ? null : Reverse(list); message is not null;)
        {
            var next = message.Next;
            message.Next = null;
            _cell.OnDeadSystemMessage(message);
            message = next;
        }
    }

    private bool HasPendingWork()
    {
        if (Volatile.Read(ref _systemHead) is not null)
        {
            return true;
        }

        return _cell.CanProcessUserMessages && (_cell.HasFrontMessages || (_queue?.Reader.TryPeek(out _) ?? false));
    }

    private static SystemMessage Reverse(SystemMessage list)
    {
        SystemMessage? reversed = null;
        for (var message = list; message is not null;)
        {
            var next = message.Next;
            message.Next = reversed;
            reversed = message;
            message = next;
        }

        return reversed!;
    }
}
