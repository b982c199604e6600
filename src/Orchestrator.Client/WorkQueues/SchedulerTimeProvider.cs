namespace Orchestrator.Client.WorkQueues;

/// <summary>
/// The time of an actor system's scheduler as a <see cref="TimeProvider"/>, so that an actor's clock and its
/// timers agree: the system clock in production, TestKit's virtual time under its TestScheduler. Only
/// <see cref="GetUtcNow"/> follows the scheduler; timestamps and timers stay the system's.
/// </summary>
public sealed class SchedulerTimeProvider(Akka.Actor.ITimeProvider scheduler) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => scheduler.Now.ToUniversalTime();
}
