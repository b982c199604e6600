using System.Collections.Concurrent;
using Orchestrator.Actors.Cell;

namespace Orchestrator.Actors.Dispatch;

/// <summary>
/// An actor's mailbox: user messages in a lock-free <see cref="ConcurrentQueue{T}"/>, system messages in
/// an intrusive lock-free list, drained on the thread pool in batches of <c>throughput</c> messages. At
/// most one thread runs a mailbox at a time, which is what makes an actor single-threaded.
/// (A <c>Channel&lt;T&gt;</c> was the first design; its writer takes a lock on every write, which under
/// HTTP load made hot actors — the shard region, the watch caches — the process's top lock contention.)
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private readonly ActorCell _cell;
    private readonly int _throughput;

    // Created on the first user message: an actor that only waits costs no queue.
    private ConcurrentQueue<Envelope>? _queue;
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
        if (_closed)
        {
            _cell.System.PublishDeadLetter(envelope, _cell.Self);
            return;
        }

        (_queue ?? CreateQueue()).Enqueue(envelope);
        if (_closed)
        {
            // Closed while enqueuing: hand over whatever the closing drain may have missed.
            DrainDeadLetters();
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
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _systemHead, message, head), head));

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
        DrainDeadLetters();
        DrainDeadSystemMessages();
    }

    public bool TryDequeue(out Envelope envelope)
    {
        envelope = default;
        var queue = _queue;
        return queue is not null && queue.TryDequeue(out envelope);
    }

    private ConcurrentQueue<Envelope> CreateQueue()
    {
        var created = new ConcurrentQueue<Envelope>();
        return Interlocked.CompareExchange(ref _queue, created, null) ?? created;
    }

    private void DrainDeadLetters()
    {
        var queue = Volatile.Read(ref _queue);
        while (queue is not null && queue.TryDequeue(out var envelope))
        {
            _cell.System.PublishDeadLetter(envelope, _cell.Self);
        }
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

        return _cell.CanProcessUserMessages && (_cell.HasFrontMessages || _queue is { IsEmpty: false });
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
