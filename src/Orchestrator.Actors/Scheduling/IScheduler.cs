namespace Orchestrator.Actors;

/// <summary>Something scheduled that can be called off.</summary>
public interface ICancelable
{
    bool IsCancellationRequested { get; }

    void Cancel();
}

/// <summary>The system's clock for delayed and repeated sends.</summary>
public interface IScheduler
{
    DateTimeOffset Now { get; }

    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef sender);

    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef sender);

    ICancelable ScheduleOnce(TimeSpan delay, Action action);
}
