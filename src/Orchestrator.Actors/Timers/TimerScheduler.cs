using Orchestrator.Actors.Cell;

namespace Orchestrator.Actors.Timers;

/// <summary>The message a timer puts in the mailbox; the cell unwraps it only if the timer is still the live one.</summary>
internal sealed record TimerMessage(object Key, int Generation, int Incarnation, object Message);

/// <summary>Used only from the owning actor's mailbox, so it needs no locking.</summary>
internal sealed class TimerScheduler : ITimerScheduler
{
    private readonly ActorCell _cell;
    private readonly Dictionary<object, ActiveTimer> _timers = [];
    private int _generation;

    public TimerScheduler(ActorCell cell) => _cell = cell;

    public void StartSingleTimer(object key, object message, TimeSpan timeout) =>
        Start(key, message, timeout, Timeout.InfiniteTimeSpan, repeat: false);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval, repeat: true);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval, repeat: true);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer))
        {
            timer.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>True when the message belongs to the live timer of its key; a single timer is then done.</summary>
    public bool Accept(TimerMessage message, int incarnation)
    {
        if (message.Incarnation != incarnation || !_timers.TryGetValue(message.Key, out var timer) || timer.Generation != message.Generation)
        {
            return false;
        }

        if (!timer.Repeat)
        {
            _timers.Remove(message.Key);
            timer.Timer.Dispose();
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan dueTime, TimeSpan period, bool repeat)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var timerMessage = new TimerMessage(key, ++_generation, _cell.Incarnation, message);
        var self = _cell.Self;
        var timer = new Timer(static state =>
        {
            var (self, message) = ((LocalActorRef, TimerMessage))state!;
            self.Tell(message, ActorRefs.NoSender);
        }, (self, timerMessage), dueTime, period);
        _timers[key] = new ActiveTimer(timerMessage.Generation, repeat, timer);
    }

    private sealed record ActiveTimer(int Generation, bool Repeat, Timer Timer);
}
