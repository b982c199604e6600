using System.Threading.Channels;
using Orchestrator.Actors;
using Xunit.Sdk;

namespace Orchestrator.TestKit;

/// <summary>
/// An actor whose mailbox the test reads: send it messages, make it the sender, and assert on what it
/// receives with the Expect methods. Every wait is bounded by a timeout (or the enclosing Within block).
/// </summary>
public sealed class TestProbe
{
    private readonly Channel<(object Message, IActorRef Sender)> _received;
    private readonly TestKitSettings _settings;
    private DateTime? _deadline;

    public TestProbe(ActorSystem system, TestKitSettings settings, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        _settings = settings;
        _received = Channel.CreateUnbounded<(object, IActorRef)>(new UnboundedChannelOptions { SingleReader = true });
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(_received.Writer)), name);
    }

    public IActorRef Ref { get; }

    /// <summary>The sender of the last message an Expect returned.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.NoSender;

    public TimeSpan DefaultTimeout => _settings.DefaultTimeout;

    /// <summary>The time left in the enclosing Within block, else the default timeout.</summary>
    public TimeSpan Remaining => _deadline is { } deadline ? Max(deadline - DateTime.UtcNow, TimeSpan.Zero) : _settings.DefaultTimeout;

    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, Ref);
    }

    /// <summary>Replies to the sender of the last message received.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Passes the last message on, keeping its sender.</summary>
    public void Forward(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, LastSender);
    }

    /// <summary>Watches <paramref name="subject"/>; returns once the watch is in place, so no Terminated is missed.</summary>
    public IActorRef Watch(IActorRef subject)
    {
        Ref.Ask(new ProbeActor.WatchCommand(subject, Watch: true), _settings.DefaultTimeout).GetAwaiter().GetResult();
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        Ref.Ask(new ProbeActor.WatchCommand(subject, Watch: false), _settings.DefaultTimeout).GetAwaiter().GetResult();
        return subject;
    }

    public async Task<T> ExpectMsgAsync<T>(Predicate<T>? predicate = null, TimeSpan? timeout = null, string? hint = null)
    {
        var (message, sender) = await ReceiveOneAsync(timeout, $"a message of type {typeof(T).Name}{Hint(hint)}").ConfigureAwait(false);
        if (message is not T typed)
        {
            throw new XunitException($"expected a message of type {typeof(T).Name}{Hint(hint)} but got {Describe(message)}");
        }

        if (predicate is not null && !predicate(typed))
        {
            throw new XunitException($"the {typeof(T).Name} received does not satisfy the predicate{Hint(hint)}: {Describe(message)}");
        }

        LastSender = sender;
        return typed;
    }

    public Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null) =>
        ExpectMsgAsync<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, $"equal to {expected}");

    public T ExpectMsg<T>(Predicate<T>? predicate = null, TimeSpan? timeout = null) =>
        ExpectMsgAsync<T>(predicate, timeout).GetAwaiter().GetResult();

    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => ExpectMsgAsync<T>(expected, timeout).GetAwaiter().GetResult();

    /// <summary>Asserts that nothing arrives for <paramref name="duration"/>.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan? duration = null)
    {
        var wait = duration ?? _settings.DefaultNoMessageDuration;
        using var cts = new CancellationTokenSource(wait);
        try
        {
            var (message, _) = await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            throw new XunitException($"expected no message for {wait.TotalMilliseconds} ms but got {Describe(message)}");
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
    }

    public void ExpectNoMsg(TimeSpan? duration = null) => ExpectNoMsgAsync(duration).GetAwaiter().GetResult();

    /// <summary>Expects the Terminated of <paramref name="target"/> (the probe must be watching it).</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(target), timeout, $"of {target}");

    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectTerminatedAsync(target, timeout).GetAwaiter().GetResult();

    /// <summary>Skips messages until one satisfies <paramref name="isTheOne"/>, and returns it.</summary>
    public async Task<object> FishForMessageAsync(Predicate<object> isTheOne, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isTheOne);
        var deadline = DateTime.UtcNow + (timeout ?? Remaining);
        while (true)
        {
            var left = Max(deadline - DateTime.UtcNow, TimeSpan.Zero);
            var (message, sender) = await ReceiveOneAsync(left, "the fished-for message").ConfigureAwait(false);
            if (isTheOne(message))
            {
                LastSender = sender;
                return message;
            }
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> messages, all within the timeout.</summary>
    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Remaining);
        var messages = new List<object>(count);
        while (messages.Count < count)
        {
            var left = Max(deadline - DateTime.UtcNow, TimeSpan.Zero);
            var (message, sender) = await ReceiveOneAsync(left, $"message {messages.Count + 1} of {count}").ConfigureAwait(false);
            LastSender = sender;
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>Runs <paramref name="block"/> with its Expects bounded by <paramref name="max"/> and asserts it took at least <paramref name="min"/>.</summary>
    public async Task<T> WithinAsync<T>(TimeSpan min, TimeSpan max, Func<Task<T>> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var start = DateTime.UtcNow;
        var outer = _deadline;
        _deadline = start + max;
        try
        {
            var result = await block().ConfigureAwait(false);
            var elapsed = DateTime.UtcNow - start;
            if (elapsed < min)
            {
                throw new XunitException($"block took {elapsed.TotalMilliseconds:F0} ms, expected at least {min.TotalMilliseconds:F0} ms");
            }

            if (elapsed > max)
            {
                throw new XunitException($"block took {elapsed.TotalMilliseconds:F0} ms, expected at most {max.TotalMilliseconds:F0} ms");
            }

            return result;
        }
        finally
        {
            _deadline = outer;
        }
    }

    public async Task WithinAsync(TimeSpan max, Func<Task> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        await WithinAsync(TimeSpan.Zero, max, async () =>
        {
            await block().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    private async Task<(object Message, IActorRef Sender)> ReceiveOneAsync(TimeSpan? timeout, string what)
    {
        var wait = timeout ?? Remaining;
        if (_received.Reader.TryRead(out var ready))
        {
            return ready;
        }

        using var cts = new CancellationTokenSource(wait);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new XunitException($"timeout ({wait.TotalMilliseconds:F0} ms) while waiting for {what}");
        }
    }

    private static string Hint(string? hint) => hint is null ? "" : " " + hint;

    private static string Describe(object message) => $"{message.GetType().Name} {message}";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class ProbeActor(ChannelWriter<(object, IActorRef)> received) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case WatchCommand { Watch: true } command:
                    Context.Watch(command.Subject);
                    Sender.Tell(command, Self);
                    break;
                case WatchCommand command:
                    Context.Unwatch(command.Subject);
                    Sender.Tell(command, Self);
                    break;
                default:
                    received.TryWrite((message, Sender));
                    break;
            }
        }

        internal sealed record WatchCommand(IActorRef Subject, bool Watch);
    }
}
