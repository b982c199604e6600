namespace Orchestrator.Actors.Scheduling;

/// <summary>A scheduler on the runtime's timer queue; every item is one <see cref="Timer"/>.</summary>
internal sealed class TimerBasedScheduler : IScheduler
{
    private readonly TimeProvider _time;

    public TimerBasedScheduler(TimeProvider time) => _time = time;

    public DateTimeOffset Now => _time.GetUtcNow();

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef sender) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender));

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef sender) =>
        Schedule(initialDelay, interval, () => receiver.Tell(message, sender));

    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Schedule(delay, Timeout.InfiniteTimeSpan, action);

    private ScheduledItem Schedule(TimeSpan dueTime, TimeSpan period, Action action)
    {
        var item = new ScheduledItem(action, period == Timeout.InfiniteTimeSpan);
        item.Start(_time, dueTime, period);
        return item;
    }

    private sealed class ScheduledItem(Action action, bool once) : ICancelable
    {
        private ITimer? _timer;
        private volatile bool _cancelled;

        public bool IsCancellationRequested => _cancelled;

        public void Start(TimeProvider time, TimeSpan dueTime, TimeSpan period) =>
            _timer = time.CreateTimer(static state => ((ScheduledItem)state!).Fire(), this, dueTime, period);

        public void Cancel()
        {
            _cancelled = true;
            _timer?.Dispose();
        }

        private void Fire()
        {
            if (_cancelled)
            {
                return;
            }

            if (once)
            {
                _timer?.Dispose();
            }

            action();
        }
    }
}
