namespace Orchestrator.Actors;

/// <summary>
/// Timers owned by one actor, keyed: starting a key again replaces its timer, and a message of a
/// cancelled or replaced timer is never delivered, even if it was already in the mailbox.
/// A restart or stop cancels them all.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan timeout);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}

/// <summary>An actor that uses timers; the kernel sets <see cref="Timers"/> before the constructor's body runs.</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}
