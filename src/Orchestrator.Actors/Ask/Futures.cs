using Orchestrator.Actors.Cell;
using Orchestrator.Actors.Dispatch;

namespace Orchestrator.Actors;

/// <summary>Request-reply with actors: Ask and GracefulStop.</summary>
public static class Futures
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and returns the reply. Throws
    /// <see cref="AskTimeoutException"/> when no reply comes in time; a <see cref="Status.Failure"/> reply is rethrown.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        timeout ??= (receiver as LocalActorRef)?.Cell.System.Settings.DefaultAskTimeout;
        var promise = new PromiseActorRef();
        receiver.Tell(message, promise);
        object reply;
        try
        {
            reply = timeout is { } limit
                ? await promise.Result.WaitAsync(limit, cancellationToken).ConfigureAwait(false)
                : await promise.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new AskTimeoutException($"Ask to {receiver.Path} timed out after {timeout} waiting for a reply to {message.GetType().Name}");
        }

        return reply switch
        {
            Status.Failure failure => throw failure.Cause,
            T typed => typed,
            _ => throw new InvalidCastException($"Ask expected a reply of type {typeof(T).Name} from {receiver.Path} but got {reply.GetType().Name}"),
        };
    }

    /// <summary>As <see cref="Ask{T}"/>, for a reply of any type (one async step either way).</summary>
    public static Task<object> Ask(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<object>(receiver, message, timeout, cancellationToken);

    /// <summary>Stops the actor with <paramref name="stopMessage"/> (PoisonPill by default); true once it is gone, false if not within the timeout.</summary>
    public static async Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout, object? stopMessage = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var watchee = target.AsInternal();
        var promise = new PromiseActorRef();
        watchee.SendSystemMessage(new Watch(watchee, promise));
        target.Tell(stopMessage ?? PoisonPill.Instance, ActorRefs.NoSender);
        try
        {
            await promise.Result.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            watchee.SendSystemMessage(new Unwatch(watchee, promise));
            return false;
        }
    }
}
