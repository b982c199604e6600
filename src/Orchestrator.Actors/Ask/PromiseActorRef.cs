using Orchestrator.Actors.Dispatch;

namespace Orchestrator.Actors;

/// <summary>A one-shot reference that completes a task with the first message it gets (the reply to an Ask).</summary>
internal sealed class PromiseActorRef : IInternalActorRef
{
    private static readonly ActorPath TempPath = ActorPath.Root("temp").Child("temp", 0);
    private static long _next;

    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PromiseActorRef() => Path = TempPath.Child("$" + Interlocked.Increment(ref _next), 0);

    public ActorPath Path { get; }

    public bool IsTerminated => _promise.Task.IsCompleted;

    public Task<object> Result => _promise.Task;

    public void Tell(object message, IActorRef sender) => _promise.TrySetResult(message);

    public void SendSystemMessage(SystemMessage message)
    {
        // Used by GracefulStop, which watches the target through this reference.
        if (message is DeathWatchNotification notification)
        {
            _promise.TrySetResult(new Terminated(notification.Actor, notification.ExistenceConfirmed));
        }
    }

    public override string ToString() => $"[{Path}]";
}
