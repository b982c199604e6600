using Orchestrator.Actors.Timers;

namespace Orchestrator.Actors.Cell;

internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private Timer? _receiveTimeoutTimer;
    private TimerScheduler? _timers;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        _receiveTimeout = timeout;
        if (timeout is null)
        {
            _receiveTimeoutTimer?.Dispose();
            _receiveTimeoutTimer = null;
            return;
        }

        RescheduleReceiveTimeout();
    }

    private void RescheduleReceiveTimeout()
    {
        _receiveTimeoutTimer ??= new Timer(
            static state => ((ActorCell)state!).Self.Tell(Actors.ReceiveTimeout.Instance, ActorRefs.NoSender),
            this,
            Timeout.Infinite,
            Timeout.Infinite);
        // Re-armed after every message: it fires only after a full period of silence.
        _receiveTimeoutTimer.Change(_receiveTimeout!.Value, _receiveTimeout.Value);
    }

    private void CancelTimersAndReceiveTimeout()
    {
        _timers?.CancelAll();
        _receiveTimeoutTimer?.Dispose();
        _receiveTimeoutTimer = null;
        _receiveTimeout = null;
    }
}
